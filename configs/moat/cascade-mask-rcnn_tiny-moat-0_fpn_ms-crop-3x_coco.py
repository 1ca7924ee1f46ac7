# Cascade Mask R-CNN (mmdet's: Shared2FC box heads, smooth L1 losses) with
# FPN, tiny-MOAT-0 backbone, COCO, multi-scale training with crops, 3x
# schedule (16 images per step), from the released tiny-MOAT-0 ImageNet
# weights: the detector of the MOAT paper (arXiv:2210.01820), which
# benchmarks the tiny-MOAT family on COCO too.
# Published: the paper's COCO table was not readable here, so no number is
# quoted for this size; its abstract gives 59.2 box AP for MOAT-3 (see
# cascade-mask-rcnn_moat-3_fpn_ms-crop-3x_coco.py). The paper's input size,
# jitter and schedule were not readable either: this config uses the 3x
# multi-scale recipe of the project's other Cascade Mask R-CNN configs.
# MOAT for dense inputs as in the paper: the global attention of stages 3
# and 4 becomes attention in non-overlapping 14x14 and 7x7 windows (no
# shifting; maps that are not a multiple are padded and the padding
# masked), shortcut pooling 3x3 and GELU on the four outputs, as the
# release's dense models.
_base_ = [
    '../_base_/models/cascade-mask-rcnn_fpn.py',
    '../_base_/datasets/coco_instance_ms-crop.py',
    '../_base_/schedules/det_adamw_3x.py',
    '../_base_/det_runtime.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense')

model = dict(
    backbone=dict(__moat.backbone, window_size=(None, None, 14, 7)),
    neck=dict(in_channels=[32, 64, 128, 256]),
)
# norms by type (MOAT's are named pre_norm/attn_norm and 'bn' in ConvModules)
# and the relative position tables by name: no weight decay
optim_wrapper = dict(paramwise_cfg=__moat.paramwise_cfg)
