# Cascade Mask R-CNN with FPN (mmdet's definition: three Shared2FC box heads,
# class-agnostic regression, smooth L1 losses) on a backbone with four
# outputs (strides 4-32), for any family: mmdet's ResNet-50 is dropped, and
# the family's config sets the backbone and the neck's in_channels.
_base_ = ['mmdet::_base_/models/cascade-mask-rcnn_r50_fpn.py']

model = dict(backbone=dict(_delete_=True, out_indices=(0, 1, 2, 3)))
