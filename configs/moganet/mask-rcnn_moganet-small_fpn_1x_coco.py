# Mask R-CNN, MogaNet-Small backbone, 1x schedule, COCO (16 images per step).
# Published: 45.0M params, 271.6G FLOPs, 46.6 box mAP, 42.2 mask mAP.
_base_ = [
    './mask-rcnn_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['small']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.1),
    neck=dict(in_channels=__moganet.widths),
)
