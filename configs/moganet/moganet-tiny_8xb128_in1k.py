# MogaNet-Tiny, ImageNet-1k, 300 epochs, 8 GPUs x 128 images.
# Published: 5.20M params, 1.10G FLOPs, 79.0 top-1.
_base_ = ['./moganet-xtiny_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='tiny', drop_path_rate=0.1),
    head=dict(in_channels=256),
)
optim_wrapper = dict(optimizer=dict(weight_decay=0.04))
