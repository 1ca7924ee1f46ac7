# Semantic FPN (mmseg's definition: FPN neck and FPNHead) on a VAN
# backbone, as the VAN-Segmentation release builds it. Leaf configs set the
# arch and the neck's in_channels.
_base_ = ['mmseg::_base_/models/fpn_r50.py']

model = dict(
    pretrained=None,
    backbone=dict(
        _delete_=True,
        type='mogaseg.VAN',
        arch='b0',
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.1),
    neck=dict(in_channels=[32, 64, 160, 256]),
    decode_head=dict(num_classes=150),
)
# The release's backbone BatchNorms are SyncBN too (as are the heads'):
# under DDP the runner converts every BatchNorm.
sync_bn = 'torch'
