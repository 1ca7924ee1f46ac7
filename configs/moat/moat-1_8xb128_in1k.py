# MOAT-1, ImageNet-1k from scratch at 224 px, 300 epochs, 8 GPUs x 128
# images. Published (deeplab2 MOAT checkpoint table, ImageNet-1k, 224 px):
# 41.6M params, 9.1G FLOPs, 84.2 top-1 (84.1 without position embedding).
# Drop path 0.3 (the release's survival 0.7); recipe as moat-0.
_base_ = ['./moat-0_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='moat-1', drop_path_rate=0.3),
    head=dict(in_channels=768),
)
