# Mask R-CNN, MogaNet-Tiny backbone, 1x schedule, COCO (16 images per step).
# Published: 25.0M params, 191.7G FLOPs, 42.6 box mAP, 39.1 mask mAP.
_base_ = [
    './mask-rcnn_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['tiny']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.1),
    neck=dict(in_channels=__moganet.widths),
)
