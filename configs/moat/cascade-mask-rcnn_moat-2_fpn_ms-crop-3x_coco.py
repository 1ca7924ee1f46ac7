# Cascade Mask R-CNN, COCO, multi-scale 3x, MOAT-2 backbone; as
# cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py, from the released
# MOAT-2 ImageNet-22K (+1K fine-tuned) weights, stochastic depth as in its
# ImageNet recipe, with the input normalization those weights expect (mean =
# std = 127.5). The paper's table for this size was not readable here, so no
# number is quoted.
_base_ = ['./cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py']

model = dict(
    data_preprocessor=dict(mean=[127.5] * 3, std=[127.5] * 3),
    backbone=dict(
        arch='moat-2',
        drop_path_rate=0.3,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/'
            'moat2_imagenet_22k_and_1k_384_w_position_embedding.tar.gz')),
    neck=dict(in_channels=[128, 256, 512, 1024]),
)
