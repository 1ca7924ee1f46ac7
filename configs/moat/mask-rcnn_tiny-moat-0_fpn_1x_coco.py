# Mask R-CNN, tiny-MOAT-0 backbone, 1x schedule, COCO (16 images per step),
# with the project's detection recipe (AdamW, lr 2e-4, weight decay 0.05).
# No published result for this setting (the paper reports Cascade Mask
# R-CNN). The attention of stages 3 and 4 runs in non-overlapping 14x14 and
# 7x7 windows (the release's default windows for large inputs; maps that are
# not a multiple are padded and the padding masked), the shortcut pooling is
# 3x3 (the release's choice for dense tasks) and the four outputs go through
# a GELU, as the release's dense models consume them.
# Starts from the released tiny-MOAT-0 ImageNet weights (deeplab2's
# TensorFlow checkpoint, converted while it loads; its classifier head
# and final norm are not part of this backbone and are left out).
_base_ = [
    '../_base_/models/mask-rcnn_fpn.py',
    'mmdet::_base_/datasets/coco_instance.py',
    '../_base_/schedules/det_adamw_1x.py',
    '../_base_/det_runtime.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense')

model = dict(
    backbone=dict(__moat.backbone, window_size=(None, None, 14, 7)),
    neck=dict(in_channels=[32, 64, 128, 256]),
)
# MOAT's norms are named pre_norm/attn_norm, the conv norms 'bn' inside
# ConvModules: exclude every norm from weight decay by type, and the
# relative position tables by name.
optim_wrapper = dict(paramwise_cfg=__moat.paramwise_cfg)
