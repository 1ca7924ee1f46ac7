# Cascade Mask R-CNN (mmdet's Shared2FC box heads, smooth L1 losses; no GIoU,
# no 4conv1fc), MogaNet-Small backbone, multi-scale training with crops, 3x
# schedule, COCO (16 images per step): as
# cascade-mask-rcnn_moganet-small_fpn_4conv1fc-giou_ms-crop-3x_coco.py with
# the plain heads and the 500-iteration warm-up of the release config.
# Source: Westlake-AI/MogaNet README, Cascade Mask R-CNN table, row
# "MogaNet-S, MS 3x"; config detection/configs/moganet/
# cascade_mask_rcnn_moganet_s_fpn_ms_3x_coco.py.
# Published: 77.9M params, 405.4G FLOPs, 51.4 box AP / 44.9 mask AP.
_base_ = [
    '../_base_/models/cascade-mask-rcnn_moganet_fpn.py',
    '../_base_/datasets/coco_instance_ms-crop.py',
    '../_base_/schedules/det_adamw_3x.py',
    '../_base_/det_runtime.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['small']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.1),
    neck=dict(in_channels=__moganet.widths),
)
