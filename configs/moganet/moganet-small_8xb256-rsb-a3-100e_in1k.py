# MogaNet-Small, ImageNet-1k with the RSB-A3 recipe (as
# moganet-xtiny_8xb256-rsb-a3-100e_in1k.py, drop path 0.1): 100 epochs,
# 160 px training, 224 px evaluation, 8 GPUs x 256 images.
# Source: openmixup moga_small_rsb_a3_sz160_8xb256_ep100.py and its README
# row "MogaNet-S, RSB A3".
# Published: 25.3M params, 4.97G FLOPs at 224, 81.1 top-1.
_base_ = ['./moganet-xtiny_8xb256-rsb-a3-100e_in1k.py']

model = dict(
    backbone=dict(arch='small', drop_path_rate=0.1),
    head=dict(in_channels=512),
)
