# MogaNet-Tiny, ImageNet-1k at 256 px (train and test), 300 epochs, 8 GPUs x
# 128 images: the timm recipe of moganet-tiny_8xb128_in1k.py with 256 px
# crops (evaluation: short side 284, centre crop 256, crop_pct 0.9).
# Source: Westlake-AI/MogaNet README, ImageNet-1K table, row "MogaNet-T
# 256x256", and TRAINING.md's MogaNet-Tiny 256 px command (the 224 one with
# --img_size 256: drop path 0.1, lr 1e-3, weight decay 0.04, rand-m7-mstd0.5,
# crop_pct 0.9, mixup 0.1, --amp: pass --amp to tools/train.py).
# Published: 5.20M params, 1.44G FLOPs at 256, 79.6 top-1 / 94.9 top-5.
_base_ = ['./moganet-xtiny_8xb128_in1k-256px.py']

model = dict(
    backbone=dict(arch='tiny', drop_path_rate=0.1),
    head=dict(in_channels=256),
)
optim_wrapper = dict(optimizer=dict(weight_decay=0.04))
