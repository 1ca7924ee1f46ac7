# Semantic FPN, MogaNet-Tiny backbone, ADE20K, 512x512 crops, 80k
# iterations, 32 images per step. Published: 9.1M params, 107.8G FLOPs,
# 43.1 mIoU.
_base_ = ['./fpn_moganet-xtiny_8xb4-80k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='tiny',
        drop_path_rate=0.1,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_tiny_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[32, 64, 128, 256]),
)
