# Semantic FPN, MogaNet-Tiny backbone, ADE20K, 512x512 crops, 80k
# iterations, 32 images per step. Published: 9.1M params, 107.8G FLOPs,
# 43.1 mIoU.
_base_ = [
    './fpn_moganet-xtiny_8xb4-80k_ade20k-512x512.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['tiny']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.1),
    neck=dict(in_channels=__moganet.widths),
)
