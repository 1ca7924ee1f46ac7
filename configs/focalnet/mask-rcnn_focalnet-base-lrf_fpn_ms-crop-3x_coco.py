# Mask R-CNN, FocalNet-B (LRF) backbone, 3x schedule, COCO (8 GPUs x 2
# images). Source: microsoft/FocalNet README, Mask R-CNN table, row
# "FocalNet-B, kernels [9,11,13], 3x"; config detection/configs/focalnet/
# mask_rcnn_focalnet_base_patch4_mstrain_480-800_adamw_3x_coco_lrf.py.
# Published: 111.4M params, 507G FLOPs, 49.8 box mAP, 44.1 mask mAP.
#
# The release's 3x config is its 1x one (here
# mask-rcnn_focalnet-base-lrf_fpn_1x_coco.py: the same multi-scale crop
# training, AdamW, focal window 9, mixed precision) with 36 epochs, lr
# x0.1 after epochs 27 and 33 (the same 500 warm-up iterations) and
# stochastic depth 0.5 instead of 0.3.
_base_ = ['./mask-rcnn_focalnet-base-lrf_fpn_1x_coco.py']

model = dict(backbone=dict(drop_path_rate=0.5))

max_epochs = 36
train_cfg = dict(max_epochs=max_epochs)
# the 1x schedule's step decay, after epochs 27 and 33 of 36
_base_.param_scheduler[1].update(end=max_epochs, milestones=[27, 33])
