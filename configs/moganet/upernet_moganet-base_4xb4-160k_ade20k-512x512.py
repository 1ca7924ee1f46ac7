# UPerNet, MogaNet-Base backbone, ADE20K, 512x512 crops, 160k iterations,
# 16 images per step. Published: 73.7M params, 1050.4G FLOPs, 50.1 mIoU.
_base_ = [
    './upernet_moganet-xtiny_4xb4-160k_ade20k-512x512.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['base']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.2),
    decode_head=dict(in_channels=__moganet.widths),
    auxiliary_head=dict(in_channels=__moganet.widths[2]),
)
