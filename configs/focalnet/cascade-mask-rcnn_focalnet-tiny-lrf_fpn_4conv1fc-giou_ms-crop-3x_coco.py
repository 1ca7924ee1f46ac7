# Cascade Mask R-CNN (4conv1fc box heads with SyncBN, GIoU loss), FocalNet-T
# (LRF) backbone, 3x schedule, COCO (8 GPUs x 2 images).
# Source: microsoft/FocalNet README, "Other detection methods" table, row
# "FocalNet-T, kernels [11,9,9,7], Cascade Mask R-CNN, 3x"; config
# detection/configs/focalnet/
# cascade_mask_rcnn_focalnet_tiny_patch4_mstrain_480-800_adamw_3x_coco_lrf.py
# (weights focalnet_tiny_lrf_cascade_maskrcnn_3x.pth).
# Published: 87.1M params, 751G FLOPs, 51.5 box mAP (no mask mAP given).
#
# The variant is LRF, as released: focal level 3 in every stage, first
# kernels 11, 9, 9 and 7 per stage (focal windows; the ImageNet kernels are
# resized while loading), the ImageNet FocalNet-T LRF weights.
# Recipe of that config: the DETR multi-scale crop training
# (coco_instance_ms-crop.py), AdamW lr 1e-4, weight decay 0.05 (none on
# norms), 500 linear warm-up iterations, 36 epochs with lr x0.1 after
# epochs 27 and 33, stochastic depth 0.3, mixed precision (tools/train.py
# --amp). The config sets 1 image per GPU; the README's training commands
# use 8 GPUs x 2 ("for 3x models or other detection models, simply change
# the config file"), which is followed here.
_base_ = [
    '../_base_/models/cascade-mask-rcnn_fpn_4conv1fc-giou.py',
    '../_base_/datasets/coco_instance_ms-crop.py',
    '../_base_/schedules/det_adamw_3x.py',
    '../_base_/det_runtime.py',
]

model = dict(
    backbone=dict(
        type='mogaseg.FocalNet',
        arch='tiny-lrf',
        focal_windows=(11, 9, 9, 7),
        drop_path_rate=0.3,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_lrf.pth')),
    neck=dict(in_channels=[96, 192, 384, 768]),
)
optim_wrapper = dict(
    optimizer=dict(lr=1e-4, weight_decay=0.05),
    paramwise_cfg=dict(
        _delete_=True, custom_keys={'norm': dict(decay_mult=0.)}),
)
