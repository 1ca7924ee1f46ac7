# Cascade Mask R-CNN with the published detectors' 4conv1fc GIoU box heads
# (cascade-mask-rcnn_fpn_4conv1fc-giou.py) on a MogaNet. Leaf configs set the
# arch and the neck's in_channels to its embed_dims.
_base_ = ['./cascade-mask-rcnn_fpn_4conv1fc-giou.py']

model = dict(
    backbone=dict(type='mogaseg.MogaNet', arch='small', drop_path_rate=0.1),
    neck=dict(in_channels=[64, 128, 320, 512]),
)
