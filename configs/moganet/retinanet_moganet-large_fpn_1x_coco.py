# RetinaNet, MogaNet-Large backbone, 1x schedule, COCO (16 images per step).
# Published: 92.4M params, 476.8G FLOPs, 48.7 box mAP.
_base_ = [
    './retinanet_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['large']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.3),
    neck=dict(in_channels=__moganet.widths),
)
