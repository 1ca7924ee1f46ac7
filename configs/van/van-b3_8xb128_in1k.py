# VAN-B3, ImageNet-1k, 8 GPUs x 128 images (the VAN-B0 recipe).
# Published: 44.8M params, 9.0G FLOPs, 83.9 top-1.
_base_ = ['./van-b0_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='b3', drop_path_rate=0.2),
    head=dict(in_channels=512),
)
