# MogaNet-Tiny, ImageNet-1k with the RSB-A3 recipe (as
# moganet-xtiny_8xb256-rsb-a3-100e_in1k.py, drop path 0.1): 100 epochs,
# 160 px training, 224 px evaluation, 8 GPUs x 256 images.
# Source: openmixup moga_tiny_rsb_a3_sz160_8xb256_ep100.py and its README
# row "MogaNet-T, RSB A3".
# Published: 5.20M params, 1.10G FLOPs at 224, 75.4 top-1.
_base_ = ['./moganet-xtiny_8xb256-rsb-a3-100e_in1k.py']

model = dict(
    backbone=dict(arch='tiny', drop_path_rate=0.1),
    head=dict(in_channels=256),
)
