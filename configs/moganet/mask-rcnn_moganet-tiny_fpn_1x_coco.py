# Mask R-CNN, MogaNet-Tiny backbone, 1x schedule, COCO (16 images per step).
# Published: 25.0M params, 191.7G FLOPs, 42.6 box mAP, 39.1 mask mAP.
_base_ = ['./mask-rcnn_moganet-xtiny_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='tiny',
        drop_path_rate=0.1,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_tiny_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[32, 64, 128, 256]),
)
