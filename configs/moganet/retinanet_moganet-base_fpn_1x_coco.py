# RetinaNet, MogaNet-Base backbone, 1x schedule, COCO (16 images per step).
# Published: 53.5M params, 354.5G FLOPs, 47.7 box mAP.
_base_ = [
    './retinanet_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['base']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.2),
    neck=dict(in_channels=__moganet.widths),
)
