# UPerNet, MogaNet-Tiny backbone, ADE20K, 512x512 crops, 160k iterations,
# 16 images per step. Published: 33.1M params, 862.4G FLOPs, 43.7 mIoU.
_base_ = ['./upernet_moganet-xtiny_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='tiny',
        drop_path_rate=0.1,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_tiny_sz224_8xbs128_ep300.pth.tar')),
    decode_head=dict(in_channels=[32, 64, 128, 256]),
    auxiliary_head=dict(in_channels=128),
)
