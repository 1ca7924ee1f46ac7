# UPerNet (mmseg's definition: UPerHead on the four backbone outputs and an
# FCN auxiliary head on the third) on a MogaNet backbone. Leaf configs set the
# arch and the heads' in_channels to its embed_dims.
_base_ = ['mmseg::_base_/models/upernet_r50.py']

model = dict(
    pretrained=None,
    backbone=dict(
        _delete_=True,
        type='mogaseg.MogaNet',
        arch='tiny',
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.1),
    decode_head=dict(in_channels=[32, 64, 128, 256], num_classes=150),
    auxiliary_head=dict(in_channels=128, num_classes=150),
)
