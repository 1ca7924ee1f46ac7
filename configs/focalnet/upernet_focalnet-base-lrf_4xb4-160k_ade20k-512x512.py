# UPerNet, FocalNet-B (LRF) backbone, ADE20K, 512x512 crops, 160k
# iterations, 16 images per step; recipe as in
# upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512.py.
# Published: 126M params, 1192G FLOPs, 50.5 mIoU (51.4 multi-scale).
_base_ = ['./upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='base-lrf',
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_base_lrf.pth')),
    decode_head=dict(in_channels=[128, 256, 512, 1024]),
    auxiliary_head=dict(in_channels=512),
)
