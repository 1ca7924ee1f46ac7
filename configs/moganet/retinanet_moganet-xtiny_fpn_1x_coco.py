# RetinaNet, MogaNet-Xtiny backbone, 1x schedule, COCO (16 images per step).
# Published: 12.1M params, 167.2G FLOPs, 39.7 box mAP.
_base_ = [
    '../_base_/models/retinanet_moganet_fpn.py',
    'mmdet::_base_/datasets/coco_detection.py',
    '../_base_/schedules/det_adamw_1x.py',
    '../_base_/det_runtime.py',
]

model = dict(
    backbone=dict(
        arch='xtiny',
        drop_path_rate=0.05,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_xtiny_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[32, 64, 96, 192]),
)

optim_wrapper = dict(optimizer=dict(lr=1e-4))
