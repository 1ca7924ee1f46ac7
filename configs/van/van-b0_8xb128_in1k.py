# VAN-B0, ImageNet-1k, 8 GPUs x 128 images: AdamW (lr 1e-3 per 1024 images,
# weight decay 0.05), 5 warm-up epochs from 1e-6, cosine decay to 1e-6 over
# 300 epochs and 10 cool-down epochs at 1e-6; RandAugment m9, Mixup 0.8,
# CutMix 1.0, label smoothing 0.1, random erasing 0.25, no EMA.
# Published: 4.1M params, 0.9G FLOPs, 75.4 top-1.
_base_ = [
    '../_base_/models/gap-linear_in1k.py',
    '../_base_/datasets/imagenet_bs128_moganet_224.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(type='mogaseg.VAN', arch='b0', drop_path_rate=0.1),
    head=dict(in_channels=256),
)
param_scheduler = _base_.param_scheduler
param_scheduler[0].start_factor = 1e-3  # LinearLR
# No scheduler runs after epoch 300, so the 10 cool-down epochs keep 1e-6.
train_cfg = dict(max_epochs=310)
