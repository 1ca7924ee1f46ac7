# UPerNet, FocalNet-T (LRF) backbone, ADE20K, 512x512 crops, 160k
# iterations, 16 images per step; recipe as in
# upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512.py.
# Published: 61M params, 949G FLOPs, 46.8 mIoU (47.8 multi-scale).
_base_ = ['./upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='tiny-lrf',
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_lrf.pth')),
    decode_head=dict(in_channels=[96, 192, 384, 768]),
    auxiliary_head=dict(in_channels=384),
)
