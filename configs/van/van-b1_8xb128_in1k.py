# VAN-B1, ImageNet-1k, 8 GPUs x 128 images (the VAN-B0 recipe).
# Published: 13.9M params, 2.5G FLOPs, 81.1 top-1.
_base_ = ['./van-b0_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='b1', drop_path_rate=0.1),
    head=dict(in_channels=512),
)
