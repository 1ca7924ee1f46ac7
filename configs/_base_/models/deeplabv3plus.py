# DeepLabV3+ (mmseg's definition: ASPP head with the stride-4 low-level
# features, FCN auxiliary head on the third output) for ADE20K's 150 classes
# on a backbone with four outputs, for any family: mmseg's dilated
# ResNet-50 is dropped, and the family's config sets the backbone and the
# heads' in_channels.
_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py']

model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, out_indices=(0, 1, 2, 3)),
    decode_head=dict(dilations=(1, 6, 12, 18), num_classes=150),
    auxiliary_head=dict(num_classes=150),
)
