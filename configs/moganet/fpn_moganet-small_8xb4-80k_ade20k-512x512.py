# Semantic FPN, MogaNet-Small backbone, ADE20K, 512x512 crops, 80k
# iterations, 32 images per step. Published: 29.1M params, 189.7G FLOPs,
# 47.7 mIoU.
_base_ = ['./fpn_moganet-xtiny_8xb4-80k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='small',
        drop_path_rate=0.1,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_small_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[64, 128, 320, 512]),
)
