# tiny-MOAT-2, ImageNet-1k from scratch at 256 px, 300 epochs, 8 GPUs x 128
# images. Published (deeplab2 MOAT checkpoint table, ImageNet-1k, 256 px):
# 9.8M params, 3.0G FLOPs, 81.7 top-1 (81.3 without position embedding).
_base_ = ['./tiny-moat-0_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='tiny-moat-2', drop_path_rate=0.),
    head=dict(in_channels=448),
)
