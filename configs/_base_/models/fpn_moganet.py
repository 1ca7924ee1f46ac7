# Semantic FPN (mmseg's definition: FPN neck and FPNHead) on a MogaNet
# backbone. Leaf configs set the arch and the neck's in_channels.
_base_ = ['mmseg::_base_/models/fpn_r50.py']

model = dict(
    pretrained=None,
    backbone=dict(
        _delete_=True,
        type='mogaseg.MogaNet',
        arch='tiny',
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.1),
    neck=dict(in_channels=[32, 64, 128, 256]),
    decode_head=dict(num_classes=150),
)
