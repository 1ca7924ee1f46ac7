# DINO (5 scales), FocalNet-L (fl4, ImageNet-22K pre-trained) backbone,
# 12 epochs on COCO only, 2 images per GPU.
# Sources: FocalNet/FocalNet-DINO (the release the microsoft/FocalNet README
# points to for DINO), config/DINO/DINO_5scale_focalnet_large_fl4.py; the
# backbone is the README's "ImageNet-22K Pretraining" row FocalNet-L,
# kernels [3,5,7,9] (focalnet_large_lrf_384_fl4.pth).
# Published: nothing for this setting. The README's only DINO number with
# FocalNet-L is for Objects365 pre-training then COCO fine-tuning: "63.5
# mAP without tta on COCO minival" (news of 12/16/2022; the FocalNet-DINO
# README table gives the same 63.5, "Pretrained Data: Object365"). That
# Objects365 stage is not reproducible here (no Objects365 config or
# recipe in either release), so this is the COCO-only config the
# FocalNet-DINO training command runs ("Train on COCO with 5scale DINO and
# FocalNet-L with 4 focal levels"), with no published result.
#
# Recipe of that config, which matches mmdet's dino-5scale_swin-l_8xb2-12e:
# AdamW lr 1e-4 (backbone 1e-5), weight decay 1e-4, gradient clipping at
# norm 0.1, 12 epochs with lr x0.1 after epoch 11, 900 queries, 300
# detections kept, 100 denoising queries with label noise 0.5, the DETR
# multi-scale crop training, no EMA, activation checkpointing in the
# backbone; it differs from mmdet's config in the box noise of the
# denoising queries (0.4, mmdet 1.0), set here. Stochastic depth 0.3 (the
# default of the release's FocalNet for DINO, models/dino/focal.py). The
# number of GPUs is not given (8 here, as mmdet's name says; 16 images per
# step); mixed precision is not in the config.
_base_ = ['mmdet::dino/dino-5scale_swin-l_8xb2-12e_coco.py']

# the README's FocalNet-L fl4 ImageNet-22K weights (head dropped on loading)
pretrained = ('https://github.com/microsoft/FocalNet/releases/download/'
              'v1.0.0/focalnet_large_lrf_384_fl4.pth')
model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.FocalNet',
        arch='large-fl4',
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.3,
        with_cp=True,
        init_cfg=dict(type='Pretrained', checkpoint=pretrained)),
    neck=dict(in_channels=[192, 384, 768, 1536]),
    dn_cfg=dict(box_noise_scale=0.4),
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
