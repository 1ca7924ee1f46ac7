# Mask R-CNN, FocalNet-T (SRF) backbone, 1x schedule, COCO (8 GPUs x 2
# images). Published: 48.6M params, 267G FLOPs, 45.9 box mAP, 41.3 mask mAP.
#
# The FocalNet release's 1x recipe: multi-scale training with crops (its
# "mstrain_480-800" pipeline, here coco_instance_ms-crop.py), AdamW lr 1e-4
# for 16 images, weight decay 0.05 (none on norms), lr x0.1 after epochs 9
# and 11, focal window 9 in every stage (the ImageNet kernels are
# zero-padded to fit while loading), mixed precision (tools/train.py --amp).
_base_ = [
    '../_base_/models/mask-rcnn_fpn.py',
    '../_base_/datasets/coco_instance_ms-crop.py',
    '../_base_/schedules/det_adamw_1x.py',
    '../_base_/det_runtime.py',
]

model = dict(
    backbone=dict(
        type='mogaseg.FocalNet',
        arch='tiny-srf',
        focal_windows=(9, 9, 9, 9),
        drop_path_rate=0.1,
        # the published ImageNet checkpoint loads as it is
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_srf.pth')),
    neck=dict(in_channels=[96, 192, 384, 768]),
)
optim_wrapper = dict(
    optimizer=dict(lr=1e-4, weight_decay=0.05),
    paramwise_cfg=dict(
        _delete_=True, custom_keys={'norm': dict(decay_mult=0.)}),
)
param_scheduler = [
    dict(
        type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
        end=500),
    dict(
        type='MultiStepLR',
        begin=0,
        end=12,
        by_epoch=True,
        milestones=[9, 11],
        gamma=0.1),
]
