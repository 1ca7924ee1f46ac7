# DeepLab v3+, ADE20K, 512x512 crops, 160k iterations, tiny-MOAT-1 backbone;
# as deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py, from the released
# tiny-MOAT-1 ImageNet-1K weights. The paper's table for this size was not
# readable here, so no number is quoted.
_base_ = [
    './deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['tiny-moat-1']
model = dict(
    **__moat.model,
    decode_head=dict(
        in_channels=__moat.widths[3], c1_in_channels=__moat.widths[0]),
    auxiliary_head=dict(in_channels=__moat.widths[2]))
