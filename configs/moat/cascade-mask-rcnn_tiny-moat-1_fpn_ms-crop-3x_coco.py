# Cascade Mask R-CNN, COCO, multi-scale 3x, tiny-MOAT-1 backbone; as
# cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py, from the released
# tiny-MOAT-1 ImageNet-1K weights. The paper's table for this size was not
# readable here, so no number is quoted.
_base_ = ['./cascade-mask-rcnn_tiny-moat-0_fpn_ms-crop-3x_coco.py']

model = dict(
    backbone=dict(
        arch='tiny-moat-1',
        drop_path_rate=0.0,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/'
            'tiny_moat1_imagenet_1k_256_w_position_embedding.tar.gz')),
    neck=dict(in_channels=[40, 80, 160, 320]),
)
