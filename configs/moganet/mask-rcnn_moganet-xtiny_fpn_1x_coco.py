# Mask R-CNN, MogaNet-Xtiny backbone, 1x schedule, COCO (16 images per step).
# Published: 22.8M params, 185.4G FLOPs, 40.7 box mAP, 37.6 mask mAP.
_base_ = [
    '../_base_/models/mask-rcnn_moganet_fpn.py',
    'mmdet::_base_/datasets/coco_instance.py',
    '../_base_/schedules/det_adamw_1x.py',
    '../_base_/det_runtime.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['xtiny']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.05),
    neck=dict(in_channels=__moganet.widths),
)
