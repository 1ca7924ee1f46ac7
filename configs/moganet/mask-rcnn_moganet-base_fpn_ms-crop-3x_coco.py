# Mask R-CNN, MogaNet-Base backbone, multi-scale training with crops,
# 3x schedule, COCO (16 images per step).
_base_ = [
    './mask-rcnn_moganet-tiny_fpn_ms-crop-3x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['base']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.3),
    neck=dict(in_channels=__moganet.widths),
)
