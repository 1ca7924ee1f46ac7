# Semantic FPN (semantic-fpn.py) on a VAN backbone, as the VAN-Segmentation
# release builds it. Leaf configs set the arch and the neck's in_channels.
_base_ = ['./semantic-fpn.py']

model = dict(
    backbone=dict(type='mogaseg.VAN', arch='b0', drop_path_rate=0.1),
    neck=dict(in_channels=[32, 64, 160, 256]),
)
# The release's backbone BatchNorms are SyncBN too (as are the heads'):
# under DDP the runner converts every BatchNorm.
sync_bn = 'torch'
