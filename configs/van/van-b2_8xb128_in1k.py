# VAN-B2, ImageNet-1k, 8 GPUs x 128 images (the VAN-B0 recipe).
# Published: 26.6M params, 5.0G FLOPs, 82.8 top-1.
_base_ = ['./van-b0_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='b2', drop_path_rate=0.1),
    head=dict(in_channels=512),
)
