# Mask R-CNN, FocalNet-S (SRF) backbone, 1x schedule, COCO (8 GPUs x 2
# images); recipe as in mask-rcnn_focalnet-tiny-srf_fpn_1x_coco.py.
# Published: 70.8M params, 356G FLOPs, 48.0 box mAP, 42.7 mask mAP.
_base_ = ['./mask-rcnn_focalnet-tiny-srf_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='small-srf',
        drop_path_rate=0.2,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_small_srf.pth')),
    neck=dict(in_channels=[96, 192, 384, 768]),
)
