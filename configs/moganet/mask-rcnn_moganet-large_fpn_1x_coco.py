# Mask R-CNN, MogaNet-Large backbone, 1x schedule, COCO (16 images per step).
# Published: 102.1M params, 495.3G FLOPs, 49.4 box mAP, 44.2 mask mAP.
_base_ = [
    './mask-rcnn_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['large']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.3),
    neck=dict(in_channels=__moganet.widths),
)

optim_wrapper = dict(optimizer=dict(lr=0.0001))
