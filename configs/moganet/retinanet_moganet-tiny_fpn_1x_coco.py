# RetinaNet, MogaNet-Tiny backbone, 1x schedule, COCO (16 images per step).
# Published: 14.4M params, 173.4G FLOPs, 41.4 box mAP.
_base_ = [
    './retinanet_moganet-xtiny_fpn_1x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['tiny']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.1),
    neck=dict(in_channels=__moganet.widths),
)
