# RetinaNet (mmdet's definition) on a MogaNet backbone. As for the published
# models, the FPN starts at stride 8 and builds its extra levels from the
# last backbone output.
_base_ = ['mmdet::_base_/models/retinanet_r50_fpn.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.MogaNet',
        arch='tiny',
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.1),
    neck=dict(
        in_channels=[32, 64, 128, 256],
        start_level=1,
        add_extra_convs='on_input'),
)
