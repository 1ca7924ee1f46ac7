# FocalNet-H (fl3), ImageNet-21K pre-trained (focalnet-huge-fl3_in21k.py, or
# the released focalnet_huge_lrf_224.pth) and fine-tuned on ImageNet-1k at
# 224 px, the resolution of the released weights; recipe and silences as in
# focalnet-large-fl3_in21k-pre_in1k-384px.py, at 224 px (Swin's 22K -> 1K
# fine-tuning at 224 has the same hyper-parameters; evaluation: short side
# 256, centre crop 224, the release code's default).
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-H, kernels [3,5,7]"; published: nothing for ImageNet-1k.
# Heavy: 686.6M parameters (README: 687M), 118G FLOPs
# (multiply-accumulates, counted analytically) at 224 px; the test
# pipeline stays at 224 px.
_base_ = [
    '../_base_/models/focalnet_in1k.py',
    'mmpretrain::_base_/datasets/imagenet_bs64_swin_224.py',
    '../_base_/schedules/imagenet_bs1024_adamw_swin-ft_30e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(
        arch='huge-fl3',
        drop_path_rate=0.2,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://projects4jw.blob.core.windows.net/focalnet/'
            'release/classification/focalnet_huge_lrf_224.pth')),
    head=dict(in_channels=2816),
)
train_dataloader = dict(batch_size=64)
optim_wrapper = dict(accumulative_counts=2)
