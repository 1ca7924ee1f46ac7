# Cascade Mask R-CNN, COCO, multi-scale 3x, tiny-MOAT-1 backbone; as
# cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py, from the released
# tiny-MOAT-1 ImageNet-1K weights. The paper's table for this size was not
# readable here, so no number is quoted.
_base_ = [
    './cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['tiny-moat-1']
model = dict(**__moat.model, neck=dict(in_channels=__moat.widths))
