# Cascade Mask R-CNN, COCO, multi-scale 3x, MOAT-2 backbone; as
# cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py, from the released
# MOAT-2 ImageNet-22K (+1K fine-tuned) weights, stochastic depth as in its
# ImageNet recipe, with the input normalization those weights expect (mean =
# std = 127.5). The paper's table for this size was not readable here, so no
# number is quoted.
_base_ = [
    './cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['moat-2']
model = dict(**__moat.model, neck=dict(in_channels=__moat.widths))
