# Cascade Mask R-CNN (4conv1fc box heads, GIoU loss), MogaNet-Small
# backbone, multi-scale training with crops, 3x schedule, COCO (16 images
# per step).
_base_ = [
    '../_base_/models/cascade-mask-rcnn_moganet_fpn_4conv1fc-giou.py',
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

param_scheduler = [
    dict(
        type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
        end=1000),
    dict(
        type='MultiStepLR',
        begin=0,
        end=36,
        by_epoch=True,
        milestones=[27, 33],
        gamma=0.1),
]
