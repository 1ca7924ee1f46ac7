# Cascade Mask R-CNN with FPN (mmdet's definition: three Shared2FC box heads,
# class-agnostic regression, smooth L1 losses) on a MogaNet backbone with
# four outputs (strides 4-32), as the release's
# cascade_mask_rcnn_moganet_fpn.py. Leaf configs set the arch and the neck's
# in_channels to its embed_dims.
_base_ = ['mmdet::_base_/models/cascade-mask-rcnn_r50_fpn.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.MogaNet',
        arch='tiny',
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.1),
    neck=dict(in_channels=[32, 64, 128, 256]),
)
