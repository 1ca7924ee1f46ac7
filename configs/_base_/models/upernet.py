# UPerNet (mmseg's definition: UPerHead on the four backbone outputs and an
# FCN auxiliary head on the third) for ADE20K's 150 classes, for any family:
# mmseg's ResNet-50 is dropped, and the family's config sets the backbone and
# the heads' in_channels to its widths.
_base_ = ['mmseg::_base_/models/upernet_r50.py']

model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, out_indices=(0, 1, 2, 3)),
    decode_head=dict(num_classes=150),
    auxiliary_head=dict(num_classes=150),
)
