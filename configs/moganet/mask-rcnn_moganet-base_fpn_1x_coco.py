# Mask R-CNN, MogaNet-Base backbone, 1x schedule, COCO (16 images per step).
# Published: 63.4M params, 373.1G FLOPs, 49.0 box mAP, 43.8 mask mAP.
_base_ = [
    './mask-rcnn_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['base']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.2),
    neck=dict(in_channels=__moganet.widths),
)

optim_wrapper = dict(optimizer=dict(lr=0.0001))
