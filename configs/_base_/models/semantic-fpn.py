# Semantic FPN (mmseg's definition: FPN neck and FPNHead) for ADE20K's 150
# classes on a backbone with four outputs, for any family: mmseg's ResNet-50
# is dropped, and the family's config sets the backbone and the neck's
# in_channels.
_base_ = ['mmseg::_base_/models/fpn_r50.py']

model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, out_indices=(0, 1, 2, 3)),
    decode_head=dict(num_classes=150),
)
