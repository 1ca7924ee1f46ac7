# Semantic FPN, MogaNet-XTiny backbone, ADE20K, 512x512 crops, 80k
# iterations, 32 images per step. Published: 6.9M params, 101.4G FLOPs,
# 40.3 mIoU.
_base_ = [
    '../_base_/models/fpn_moganet.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_80k.py',
    '../_base_/seg_runtime.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['xtiny']

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(__moganet.backbone, drop_path_rate=0.05),
    neck=dict(in_channels=__moganet.widths),
)
default_hooks = dict(checkpoint=dict(interval=8000))
