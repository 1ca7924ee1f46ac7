# Sparse R-CNN (300 proposals), FocalNet-T (LRF) backbone, 3x schedule,
# COCO (8 GPUs x 2 images).
# Source: microsoft/FocalNet README, "Other detection methods" table, row
# "FocalNet-T, kernels [11,9,9,7], Sparse R-CNN, 3x"; config
# detection/configs/focalnet/
# sparse_rcnn_focalnet_tiny_fpn_300_proposals_crop_mstrain_480-800_3x_coco_lrf.py
# (weights focalnet_tiny_lrf_sparsercnn_3x.pth). That config inherits
# '../_base_/sparse_rcnn_focalnet_fpn.py', which the release does not have
# (its file is _base_/models/sparse_rcnn_focalnet_fpn.py).
# Published: 111.2M params, 178G FLOPs, 49.9 box mAP.
#
# The release's model and recipe are mmdet's
# sparse-rcnn_r50_fpn_300-proposals_crop-ms-480-800-3x_coco.py with the
# backbone swapped: six DII stages, the DETR multi-scale crop training,
# AdamW lr 2.5e-5, weight decay 1e-4, gradient clipping at norm 1, 500
# linear warm-up iterations, 36 epochs with lr x0.1 after epochs 27 and 33,
# full precision. Backbone as released: the LRF variant (focal level 3 in
# every stage, first kernels 11, 9, 9 and 7 per stage), stochastic depth
# 0.3. Images per GPU: mmdet's coco_detection default, 2; the number of
# GPUs is not in the config (the README's training commands use 8).
_base_ = [
    'mmdet::sparse_rcnn/'
    'sparse-rcnn_r50_fpn_300-proposals_crop-ms-480-800-3x_coco.py'
]

model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.FocalNet',
        arch='tiny-lrf',
        focal_windows=(11, 9, 9, 7),
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.3,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_lrf.pth')),
    neck=dict(in_channels=[96, 192, 384, 768]),
)

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
