# UPerNet, MogaNet-Base backbone, ADE20K, 512x512 crops, 160k iterations,
# 16 images per step. Published: 73.7M params, 1050.4G FLOPs, 50.1 mIoU.
_base_ = ['./upernet_moganet-xtiny_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='base',
        drop_path_rate=0.2,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_base_sz224_8xbs128_ep300.pth.tar')),
    decode_head=dict(in_channels=[64, 160, 320, 512]),
    auxiliary_head=dict(in_channels=320),
)
