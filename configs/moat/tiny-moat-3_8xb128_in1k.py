# tiny-MOAT-3, ImageNet-1k from scratch at 256 px, 300 epochs, 8 GPUs x 128
# images. Published (deeplab2 MOAT checkpoint table, ImageNet-1k, 256 px):
# 19.5M params, 6.0G FLOPs, 83.3 top-1 (83.0 without position embedding).
# Drop path 0.1 (the release's survival 0.9).
_base_ = ['./tiny-moat-0_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='tiny-moat-3', drop_path_rate=0.1),
    head=dict(in_channels=640),
)
