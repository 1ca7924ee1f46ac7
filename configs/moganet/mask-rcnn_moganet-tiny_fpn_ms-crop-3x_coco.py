# Mask R-CNN, MogaNet-Tiny backbone, multi-scale training with crops,
# 3x schedule, COCO (16 images per step).
_base_ = [
    '../_base_/models/mask-rcnn_moganet_fpn.py',
    '../_base_/datasets/coco_instance_ms-crop.py',
    '../_base_/schedules/det_adamw_3x.py',
    '../_base_/det_runtime.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['tiny']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.1),
    neck=dict(in_channels=__moganet.widths),
)
