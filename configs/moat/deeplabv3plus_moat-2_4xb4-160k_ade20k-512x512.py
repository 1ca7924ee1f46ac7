# DeepLab v3+, ADE20K, 512x512 crops, 160k iterations, MOAT-2 backbone; as
# deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py, from the released
# MOAT-2 ImageNet-22K (+1K fine-tuned) weights, stochastic depth as in its
# ImageNet recipe, with the input normalization those weights expect (mean =
# std = 127.5). The paper's table for this size was not readable here, so no
# number is quoted.
_base_ = [
    './deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['moat-2']
model = dict(
    **__moat.model,
    decode_head=dict(
        in_channels=__moat.widths[3], c1_in_channels=__moat.widths[0]),
    auxiliary_head=dict(in_channels=__moat.widths[2]))
