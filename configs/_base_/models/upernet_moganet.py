# UPerNet (upernet.py) on a MogaNet. Leaf configs set the arch and the heads'
# in_channels to its embed_dims.
_base_ = ['./upernet.py']

model = dict(
    backbone=dict(type='mogaseg.MogaNet', arch='tiny', drop_path_rate=0.1),
    decode_head=dict(in_channels=[32, 64, 128, 256]),
    auxiliary_head=dict(in_channels=128),
)
