# Mask R-CNN, FocalNet-T (LRF) backbone, 1x schedule, COCO (8 GPUs x 2
# images); recipe as in mask-rcnn_focalnet-tiny-srf_fpn_1x_coco.py.
# Published: 48.8M params, 268G FLOPs, 46.1 box mAP, 41.5 mask mAP.
_base_ = ['./mask-rcnn_focalnet-tiny-srf_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='tiny-lrf',
        drop_path_rate=0.1,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_lrf.pth')),
    neck=dict(in_channels=[96, 192, 384, 768]),
)
