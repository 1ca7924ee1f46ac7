# Mask R-CNN, VAN-B2 backbone, 1x schedule, COCO (16 images per step).
_base_ = ['./mask-rcnn_van-b0_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='b2',
        init_cfg=dict(
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-base_8xb128_in1k_20220501-6a4cc31b.pth')),
    neck=dict(in_channels=[64, 128, 320, 512]),
)
