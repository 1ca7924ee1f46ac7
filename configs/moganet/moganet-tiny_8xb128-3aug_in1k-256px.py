# MogaNet-Tiny*, ImageNet-1k at 256 px, 300 epochs, 8 GPUs x 128 images,
# with DeiT III's 3-Augment, lr 2e-3 and 20 warm-up epochs: the recipe of
# moganet-xtiny_8xb128-3aug_in1k-256px.py with drop path 0.1 and weight
# decay 0.04.
# Source: Westlake-AI/MogaNet README, ImageNet-1K table, row "MogaNet-T*"
# (config: openmixup configs/classification/imagenet/moganet/
# moga_tiny_deit3_sz256_lr2e_3_8xb128_fp16_ep300.py).
# Published: 5.20M params, 1.44G FLOPs at 256, 80.0 top-1 / 95.0 top-5.
# It trained in fp16: pass --amp to tools/train.py.
_base_ = ['./moganet-xtiny_8xb128-3aug_in1k-256px.py']

model = dict(
    backbone=dict(arch='tiny', drop_path_rate=0.1),
    head=dict(in_channels=256),
)
optim_wrapper = dict(optimizer=dict(weight_decay=0.04))
