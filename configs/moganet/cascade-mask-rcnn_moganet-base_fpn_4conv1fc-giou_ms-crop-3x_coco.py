# Cascade Mask R-CNN (4conv1fc box heads, GIoU loss), MogaNet-Base
# backbone, multi-scale training with crops, 3x schedule, COCO (16 images
# per step).
_base_ = [
    './cascade-mask-rcnn_moganet-small_fpn_4conv1fc-giou_ms-crop-3x_coco.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['base']

model = dict(
    backbone=dict(__moganet.backbone, drop_path_rate=0.2),
    neck=dict(in_channels=__moganet.widths),
)

# layer-wise learning-rate decay 0.8 over the backbone's 12 depths, as the
# release's Cascade B/L configs (mogaseg.MogaNet.get_layer_depth)
optim_wrapper = dict(
    constructor='mogaseg.LearningRateDecayOptimWrapperConstructor',
    optimizer=dict(lr=0.0001),
    paramwise_cfg=dict(layer_decay_rate=0.8))
