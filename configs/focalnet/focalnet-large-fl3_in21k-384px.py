# FocalNet-L (fl3: focal levels 3, kernels 5, 7 and 9), ImageNet-21K
# pre-training at 384 px, 21,841 classes, 8 GPUs x 64 images x 8
# accumulation steps (4096).
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-L, kernels [5,7,9]"; config configs/focalnet_large_fl3.yaml,
# weights focalnet_large_lrf_384.pth.
# Published: 207M params, which is the count with a 1000-class head (this
# config, with its 21,841-class head: 239.1M). The table gives no accuracy,
# FLOPs or resolution: 384 px is from the weights' file name (and
# FocalNet-DINO's name for them, focalnet_L_384_22k); whether they were
# trained at 384 throughout is not said.
#
# The release is silent on the 22K recipe: its yaml gives the architecture
# (dims 192, depths 2-2-18-2, overlapping convolutional embeddings,
# post-norm, layer scale; the arch 'large-fl3' here) and stochastic depth
# 0.5, and its data code has no ImageNet-22K dataset ("We only support
# ImageNet Now"). The schedule is therefore that of Swin Transformer, whose
# classification code the release keeps (imagenet21k_bs4096_adamw_swin_90e
# .py: AdamW lr 1e-3 for 4096 images, 90 epochs), with the augmentation of
# the release's code defaults (Swin's: RandAugment m9, random erasing 0.25,
# Mixup 0.8 / CutMix 1.0, label smoothing 0.1) and Swin's batch (8 GPUs x
# 64 x 8 accumulation steps; set model.backbone.with_cp=True for memory).
#
# Head: 21,841 classes in mmpretrain's ImageNet21k order. The released head
# has 21,842 outputs in the release's own order (labelmap_22k_reorder.txt:
# the ImageNet-1k classes first, index 850 unused), so the released weights
# load into this config without their head, which is re-initialised.
_base_ = [
    '../_base_/models/focalnet_in1k.py',
    '../_base_/datasets/imagenet21k_bs64_focalnet_384.py',
    '../_base_/schedules/imagenet21k_bs4096_adamw_swin_90e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='large-fl3', drop_path_rate=0.5),
    head=dict(num_classes=21841, in_channels=1536),
)
train_dataloader = dict(batch_size=64)
optim_wrapper = dict(accumulative_counts=8)
# no validation, so no best checkpoint
default_hooks = dict(checkpoint=dict(save_best=None))
