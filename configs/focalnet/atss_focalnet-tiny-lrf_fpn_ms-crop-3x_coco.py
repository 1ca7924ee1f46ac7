# ATSS, FocalNet-T (LRF) backbone, 3x schedule, COCO (8 GPUs x 2 images).
# Source: microsoft/FocalNet README, "Other detection methods" table, row
# "FocalNet-T, kernels [11,9,9,7], ATSS, 3x"; config
# detection/configs/focalnet/atss_focalnet_tiny_patch4_fpn_3x_coco_lrf.py
# (weights focalnet_tiny_lrf_atss_3x.pth).
# Published: 37.2M params, 220G FLOPs, 49.6 box mAP.
#
# mmdet's ATSS (atss_r50_fpn_1x_coco.py: the same head, assigner and losses
# as the release's _base_/models/atss_focalnet_fpn.py) on the LRF variant,
# as released: focal level 3 in every stage, first kernels 11, 9, 9 and 7
# per stage, the last three stages into the FPN (start level 0 here is
# mmdet's start level 1 of a four-output backbone).
# Recipe of that config: the DETR multi-scale crop training (as
# coco_instance_ms-crop.py, boxes only), 2 images per GPU, AdamW lr 1e-4,
# weight decay 0.05 (none on norms), 500 linear warm-up iterations, 36
# epochs with lr x0.1 after epochs 27 and 33, stochastic depth 0.3, mixed
# precision (tools/train.py --amp). The number of GPUs is not in the
# config; the README's training commands use 8.
_base_ = ['mmdet::atss/atss_r50_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.FocalNet',
        arch='tiny-lrf',
        focal_windows=(11, 9, 9, 7),
        out_indices=(1, 2, 3),
        drop_path_rate=0.3,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_lrf.pth')),
    neck=dict(in_channels=[192, 384, 768], start_level=0),
)

multi_scales = [(480, 1333), (512, 1333), (544, 1333), (576, 1333),
                (608, 1333), (640, 1333), (672, 1333), (704, 1333),
                (736, 1333), (768, 1333), (800, 1333)]
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args={{_base_.backend_args}}),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomFlip', prob=0.5),
    dict(
        type='RandomChoice',
        transforms=[
            [dict(type='RandomChoiceResize', scales=multi_scales,
                  keep_ratio=True)],
            [
                dict(
                    type='RandomChoiceResize',
                    scales=[(400, 1333), (500, 1333), (600, 1333)],
                    keep_ratio=True),
                dict(
                    type='RandomCrop',
                    crop_type='absolute_range',
                    crop_size=(384, 600),
                    allow_negative_crop=True),
                dict(
                    type='RandomChoiceResize',
                    scales=multi_scales,
                    keep_ratio=True),
            ],
        ]),
    dict(type='PackDetInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

optim_wrapper = dict(
    optimizer=dict(
        _delete_=True,
        type='AdamW',
        lr=1e-4,
        betas=(0.9, 0.999),
        weight_decay=0.05),
    paramwise_cfg=dict(custom_keys={'norm': dict(decay_mult=0.)}),
)
max_epochs = 36
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(
        type='LinearLR', start_factor=0.001, by_epoch=False, begin=0,
        end=500),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        by_epoch=True,
        milestones=[27, 33],
        gamma=0.1),
]

# This repository's detection runtime (../_base_/det_runtime.py) on top of
# mmdet's: mmengine refuses a key set by two bases, so it cannot be a second
# base next to a complete mmdet config and is repeated here.
custom_imports = dict(imports=['mogaseg.utils.register_all'], allow_failed_imports=False)
default_hooks = dict(
    checkpoint=dict(
        type='mogaseg.AtomicCheckpointHook',
        max_keep_ckpts=1,
        save_best='auto'),
    epoch_seed=dict(type='mogaseg.EpochSeedHook'),
    finite_loss=dict(type='mogaseg.FiniteLossHook'),
    label_range=dict(type='mogaseg.LabelRangeHook'),
    weights_only_checkpoint=dict(type='mogaseg.WeightsOnlyCheckpointHook'),
    visualization=dict(type='mogaseg.PNGDetVisualizationHook'),
)
randomness = dict(seed=None, deterministic=False)
