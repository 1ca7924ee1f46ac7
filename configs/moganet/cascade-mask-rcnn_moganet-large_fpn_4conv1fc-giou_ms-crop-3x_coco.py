# Cascade Mask R-CNN (4conv1fc box heads, GIoU loss), MogaNet-Large
# backbone, multi-scale training with crops, 3x schedule, COCO (16 images
# per step).
_base_ = [
    './cascade-mask-rcnn_moganet-small_fpn_4conv1fc-giou_ms-crop-3x_coco.py'
]

model = dict(
    backbone=dict(
        arch='large',
        drop_path_rate=0.3,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_large_sz224_8xbs64_ep300.pth.tar')),
    neck=dict(in_channels=[64, 160, 320, 640]),
)

# layer-wise learning-rate decay 0.8 over the backbone's 12 depths, as the
# release's Cascade B/L configs (mogaseg.MogaNet.get_layer_depth)
optim_wrapper = dict(
    constructor='mogaseg.LearningRateDecayOptimWrapperConstructor',
    optimizer=dict(lr=0.0001),
    paramwise_cfg=dict(layer_decay_rate=0.8))
