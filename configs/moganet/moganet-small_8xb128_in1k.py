# MogaNet-Small, ImageNet-1k, 300 epochs, 8 GPUs x 128 images, EMA weights.
# Published: 25.3M params, 4.97G FLOPs, 83.4 top-1.
_base_ = [
    '../_base_/models/moganet_in1k.py',
    '../_base_/datasets/imagenet_bs128_moganet_224.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='small', drop_path_rate=0.1),
    head=dict(in_channels=512),
)
# The larger sizes decay the lr to 1e-5 rather than 1e-6.
param_scheduler = _base_.param_scheduler
param_scheduler[1].eta_min = 1e-5  # CosineAnnealingLR
# EMA with decay 0.9999 per iteration; validation uses the EMA weights.
custom_hooks = [dict(type='EMAHook', momentum=1e-4, priority='ABOVE_NORMAL')]
