# RetinaNet (mmdet's definition) on a backbone with four outputs, for any
# family: mmdet's ResNet-50 is dropped. As for the published models, the FPN
# starts at stride 8 and builds its extra levels from the last backbone
# output; the family's config sets the backbone and the neck's in_channels.
_base_ = ['mmdet::_base_/models/retinanet_r50_fpn.py']

model = dict(
    backbone=dict(_delete_=True, out_indices=(0, 1, 2, 3)),
    neck=dict(start_level=1, add_extra_convs='on_input'),
)
