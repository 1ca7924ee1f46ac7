# Cascade Mask R-CNN, COCO, multi-scale 3x, MOAT-0 backbone; as
# cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py, from the released
# MOAT-0 ImageNet-1K weights, stochastic depth as in its ImageNet recipe. The
# paper's table for this size was not readable here, so no number is quoted.
_base_ = ['./cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py']

model = dict(
    backbone=dict(
        arch='moat-0',
        drop_path_rate=0.2,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/'
            'moat0_imagenet_1k_224_w_position_embedding.tar.gz')),
    neck=dict(in_channels=[96, 192, 384, 768]),
)
