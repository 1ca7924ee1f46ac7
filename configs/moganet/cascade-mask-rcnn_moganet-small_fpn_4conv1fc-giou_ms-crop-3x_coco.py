# Cascade Mask R-CNN (4conv1fc box heads, GIoU loss), MogaNet-Small
# backbone, multi-scale training with crops, 3x schedule, COCO (16 images
# per step).
_base_ = [
    '../_base_/models/cascade-mask-rcnn_moganet_fpn_4conv1fc-giou.py',
    '../_base_/datasets/coco_instance_ms-crop.py',
    '../_base_/schedules/det_adamw_3x.py',
    '../_base_/det_runtime.py',
]

model = dict(
    backbone=dict(
        arch='small',
        drop_path_rate=0.1,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_small_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[64, 128, 320, 512]),
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
