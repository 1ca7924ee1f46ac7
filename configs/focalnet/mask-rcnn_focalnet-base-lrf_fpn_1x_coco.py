# Mask R-CNN, FocalNet-B (LRF) backbone, 1x schedule, COCO (8 GPUs x 2
# images); recipe as in mask-rcnn_focalnet-tiny-srf_fpn_1x_coco.py.
# Published: 111.4M params, 507G FLOPs, 49.0 box mAP, 43.5 mask mAP.
_base_ = ['./mask-rcnn_focalnet-tiny-srf_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='base-lrf',
        drop_path_rate=0.3,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_base_lrf.pth')),
    neck=dict(in_channels=[128, 256, 512, 1024]),
)
