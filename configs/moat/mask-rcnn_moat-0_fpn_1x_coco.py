# Mask R-CNN, MOAT-0 backbone, 1x schedule, COCO (16 images per step); as
# mask-rcnn_tiny-moat-0_fpn_1x_coco.py (windows 14 / 7, from the released
# MOAT-0 ImageNet weights), drop path 0.2 as in the
# ImageNet recipe. No published result for this setting.
_base_ = [
    './mask-rcnn_tiny-moat-0_fpn_1x_coco.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['moat-0']
model = dict(**__moat.model, neck=dict(in_channels=__moat.widths))
