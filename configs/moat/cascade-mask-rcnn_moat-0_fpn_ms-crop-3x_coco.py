# Cascade Mask R-CNN, COCO, multi-scale 3x, MOAT-0 backbone; as
# cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py, from the released
# MOAT-0 ImageNet-1K weights, stochastic depth as in its ImageNet recipe. The
# paper's table for this size was not readable here, so no number is quoted.
_base_ = [
    './cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['moat-0']
model = dict(**__moat.model, neck=dict(in_channels=__moat.widths))
