# Mask R-CNN, MogaNet-Small backbone, multi-scale training with crops,
# 3x schedule, COCO (16 images per step).
_base_ = ['./mask-rcnn_moganet-tiny_fpn_ms-crop-3x_coco.py']

model = dict(
    backbone=dict(
        arch='small',
        drop_path_rate=0.1,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_small_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[64, 128, 320, 512]),
)
