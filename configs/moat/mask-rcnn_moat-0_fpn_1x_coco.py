# Mask R-CNN, MOAT-0 backbone, 1x schedule, COCO (16 images per step); as
# mask-rcnn_tiny-moat-0_fpn_1x_coco.py (windows 14 / 7, from the released
# MOAT-0 ImageNet weights), drop path 0.2 as in the
# ImageNet recipe. No published result for this setting.
_base_ = ['./mask-rcnn_tiny-moat-0_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='moat-0',
        drop_path_rate=0.2,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/moat0_imagenet_1k_224_w_position_embedding.tar.gz')),
    neck=dict(in_channels=[96, 192, 384, 768]),
)
