# FocalNet-H (fl3: focal levels 3, kernels 3, 5 and 7, post-norm in the
# modulation), ImageNet-21K pre-training at 224 px, 21,841 classes, 8 GPUs
# x 64 images x 8 accumulation steps (4096); recipe, head and silences as in
# focalnet-large-fl3_in21k-384px.py, at 224 px (evaluation: short side 256,
# centre crop 224, the release code's default).
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-H, kernels [3,5,7]"; config configs/focalnet_huge_fl3.yaml
# (dims 352, drop path 0.5), weights focalnet_huge_lrf_224.pth (224 px
# from the file name; the table gives no resolution).
# Published: 687M params (counted with a 1000-class head); nothing else.
# Heavy: 745.3M parameters here with the 21,841-class head, 118G FLOPs
# (multiply-accumulates, counted analytically) at 224 px; the test
# pipeline stays at the published 224 px.
_base_ = [
    '../_base_/models/focalnet_in1k.py',
    '../_base_/datasets/imagenet21k_bs64_focalnet_224.py',
    '../_base_/schedules/imagenet21k_bs4096_adamw_swin_90e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='huge-fl3', drop_path_rate=0.5),
    head=dict(num_classes=21841, in_channels=2816),
)
train_dataloader = dict(batch_size=64)
optim_wrapper = dict(accumulative_counts=8)
# no validation, so no best checkpoint
default_hooks = dict(checkpoint=dict(save_best=None))
