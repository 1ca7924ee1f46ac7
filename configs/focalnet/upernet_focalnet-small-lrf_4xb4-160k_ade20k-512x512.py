# UPerNet, FocalNet-S (LRF) backbone, ADE20K, 512x512 crops, 160k
# iterations, 16 images per step; recipe as in
# upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512.py.
# Published: 84M params, 1044G FLOPs, 49.1 mIoU (50.1 multi-scale).
_base_ = ['./upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='small-lrf',
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_small_lrf.pth')),
    decode_head=dict(in_channels=[96, 192, 384, 768]),
    auxiliary_head=dict(in_channels=384),
)
