# Semantic FPN, MogaNet-Base backbone, ADE20K, 512x512 crops, 80k
# iterations, 32 images per step. Published: 47.5M params, 293.6G FLOPs,
# 49.3 mIoU.
_base_ = [
    './fpn_moganet-xtiny_8xb4-80k_ade20k-512x512.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['base']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.2),
    neck=dict(in_channels=__moganet.widths),
)
