# MOAT-4, ImageNet-22K pre-trained and fine-tuned on ImageNet-1k at 512 px,
# input normalization option 2 (mean = std = 127.5). Published (deeplab2 MOAT
# checkpoint table): 483.2M params, 648.5G FLOPs, 89.1 top-1. Recipe as
# moat-3_in22k-pre_in1k-512px.py; drop path 0.7 (the release's survival 0.3).
_base_ = ['./moat-3_in22k-pre_in1k-512px.py']

model = dict(
    backbone=dict(arch='moat-4', drop_path_rate=0.7),
    head=dict(in_channels=2048),
)
