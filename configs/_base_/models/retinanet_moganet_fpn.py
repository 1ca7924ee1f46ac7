# RetinaNet (retinanet_fpn.py) on a MogaNet. Leaf configs set the arch and
# the neck's in_channels to its embed_dims.
_base_ = ['./retinanet_fpn.py']

model = dict(
    backbone=dict(type='mogaseg.MogaNet', arch='tiny', drop_path_rate=0.1),
    neck=dict(in_channels=[32, 64, 128, 256]),
)
