# RetinaNet, MogaNet-Small backbone, 1x schedule, COCO (16 images per step).
# Published: 35.1M params, 253.0G FLOPs, 45.8 box mAP.
_base_ = [
    './retinanet_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['small']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.1),
    neck=dict(in_channels=__moganet.widths),
)
