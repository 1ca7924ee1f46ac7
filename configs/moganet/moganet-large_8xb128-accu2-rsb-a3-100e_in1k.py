# MogaNet-Large, ImageNet-1k with the RSB-A3 recipe (as
# moganet-xtiny_8xb256-rsb-a3-100e_in1k.py, drop path 0.4, gradients clipped
# at norm 10): 100 epochs, 160 px training, 224 px evaluation, 8 GPUs x 128
# images x 2 accumulated steps (2048 per update).
# Source: openmixup moga_large_rsb_a3_sz160_8xb128_accu2_ep100.py and its
# README row "MogaNet-L, RSB A3", 83.2 top-1. That row repeats MogaNet-B's
# size (43.9M, 9.93G); the network is MogaNet-L's (82.5M params, 15.9G
# FLOPs at 224).
_base_ = ['./moganet-base_8xb128-accu2-rsb-a3-100e_in1k.py']

model = dict(
    backbone=dict(arch='large', drop_path_rate=0.4),
    head=dict(in_channels=640),
)
optim_wrapper = dict(clip_grad=dict(max_norm=10.0))
