# Semantic FPN, MogaNet-Large backbone, ADE20K, 512x512 crops, 80k
# iterations, 32 images per step. Published: 86.2M params, 418.7G FLOPs,
# 50.2 mIoU.
_base_ = ['./fpn_moganet-xtiny_8xb4-80k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='large',
        drop_path_rate=0.3,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_large_sz224_8xbs64_ep300.pth.tar')),
    neck=dict(in_channels=[64, 160, 320, 640]),
)
