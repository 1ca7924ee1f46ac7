# RetinaNet, MogaNet-Xtiny backbone, 1x schedule, COCO (16 images per step).
# Published: 12.1M params, 167.2G FLOPs, 39.7 box mAP.
_base_ = [
    '../_base_/models/retinanet_moganet_fpn.py',
    'mmdet::_base_/datasets/coco_detection.py',
    '../_base_/schedules/det_adamw_1x.py',
    '../_base_/det_runtime.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['xtiny']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.05),
    neck=dict(in_channels=__moganet.widths),
)

optim_wrapper = dict(optimizer=dict(lr=1e-4))
