# UPerNet, MOAT-0 backbone, ADE20K, 512x512 crops, 160k iterations, 16 images
# per step; as upernet_tiny-moat-0_4xb4-160k_ade20k-512x512.py (windows
# 16 / 8, from scratch unless a local MOAT-0 classifier checkpoint is given),
# drop path 0.2 as in the ImageNet recipe. No published result for this
# setting.
_base_ = ['./upernet_tiny-moat-0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(arch='moat-0', drop_path_rate=0.2),
    decode_head=dict(in_channels=[96, 192, 384, 768]),
    auxiliary_head=dict(in_channels=384),
)
