# Mask R-CNN with FPN (mmdet's definition) on a backbone with four outputs
# (strides 4-32), for any family: mmdet's ResNet-50 is dropped, and the
# family's config sets the backbone (type, arch, ...) and the neck's
# in_channels to the backbone's widths.
_base_ = ['mmdet::_base_/models/mask-rcnn_r50_fpn.py']

model = dict(backbone=dict(_delete_=True, out_indices=(0, 1, 2, 3)))
