# Mask R-CNN, MOAT-0 backbone, 1x schedule, COCO (16 images per step); as
# mask-rcnn_tiny-moat-0_fpn_1x_coco.py (windows 14 / 7, from scratch unless
# a local MOAT-0 classifier checkpoint is given), drop path 0.2 as in the
# ImageNet recipe. No published result for this setting.
_base_ = ['./mask-rcnn_tiny-moat-0_fpn_1x_coco.py']

model = dict(
    backbone=dict(arch='moat-0', drop_path_rate=0.2),
    neck=dict(in_channels=[96, 192, 384, 768]),
)
