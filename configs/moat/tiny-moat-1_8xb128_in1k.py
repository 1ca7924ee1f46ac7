# tiny-MOAT-1, ImageNet-1k from scratch at 256 px, 300 epochs, 8 GPUs x 128
# images. Published (deeplab2 MOAT checkpoint table, ImageNet-1k, 256 px):
# 5.1M params, 1.6G FLOPs, 79.2 top-1 (78.9 without position embedding).
_base_ = ['./tiny-moat-0_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='tiny-moat-1', drop_path_rate=0.),
    head=dict(in_channels=320),
)
