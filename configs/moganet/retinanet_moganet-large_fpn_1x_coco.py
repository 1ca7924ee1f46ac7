# RetinaNet, MogaNet-Large backbone, 1x schedule, COCO (16 images per step).
# Published: 92.4M params, 476.8G FLOPs, 48.7 box mAP.
_base_ = ['./retinanet_moganet-xtiny_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='large',
        drop_path_rate=0.3,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_large_sz224_8xbs64_ep300.pth.tar')),
    neck=dict(in_channels=[64, 160, 320, 640]),
)
