# UPerNet, MOAT-0 backbone, ADE20K, 512x512 crops, 160k iterations, 16 images
# per step; as upernet_tiny-moat-0_4xb4-160k_ade20k-512x512.py (windows
# 16 / 8, from the released MOAT-0 ImageNet weights),
# drop path 0.2 as in the ImageNet recipe. No published result for this
# setting.
_base_ = [
    './upernet_tiny-moat-0_4xb4-160k_ade20k-512x512.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['moat-0']
model = dict(
    **__moat.model,
    decode_head=dict(in_channels=__moat.widths),
    auxiliary_head=dict(in_channels=__moat.widths[2]))
