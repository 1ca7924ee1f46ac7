# RetinaNet, MogaNet-Base backbone, 1x schedule, COCO (16 images per step).
# Published: 53.5M params, 354.5G FLOPs, 47.7 box mAP.
_base_ = ['./retinanet_moganet-xtiny_fpn_1x_coco.py']

model = dict(
    backbone=dict(
        arch='base',
        drop_path_rate=0.2,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_base_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[64, 160, 320, 512]),
)
