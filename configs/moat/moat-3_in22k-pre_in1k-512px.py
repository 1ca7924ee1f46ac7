# MOAT-3, ImageNet-22K pre-trained and fine-tuned on ImageNet-1k at 512 px,
# input normalization option 2 (mean = std = 127.5). Published (deeplab2 MOAT
# checkpoint table): 190.0M params, 271.0G FLOPs, 88.4 top-1. Recipe as
# moat-2_in22k-pre_in1k-384px.py (30 epochs, house hyper-parameters).
_base_ = [
    '../_base_/models/moat_in1k.py',
    '../_base_/datasets/imagenet_bs128_moat_512.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

# drop path 0.6: the release's survival 0.4 (deeplab2 moat.py)
model = dict(
    backbone=dict(arch='moat-3', drop_path_rate=0.6),
    head=dict(in_channels=1280),
)
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'.rel_pos.table': dict(decay_mult=0.)}))
param_scheduler = _base_.param_scheduler
param_scheduler[1].update(T_max=25, end=30)  # CosineAnnealingLR
train_cfg = dict(max_epochs=30)
