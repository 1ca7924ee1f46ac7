# MogaNet-XLarge, ImageNet-1k, 300 epochs, 8 GPUs x 64 images (lr 1e-3 for
# the total batch of 512), EMA weights.
# Published: 180.8M params, 34.5G FLOPs, 85.1 top-1.
_base_ = ['./moganet-large_8xb64_in1k.py']

model = dict(
    backbone=dict(arch='xlarge', drop_path_rate=0.4),
    head=dict(in_channels=960),
)
