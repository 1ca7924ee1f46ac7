# Semantic FPN, MogaNet-XTiny backbone, ADE20K, 512x512 crops, 80k
# iterations, 32 images per step. Published: 6.9M params, 101.4G FLOPs,
# 40.3 mIoU.
_base_ = [
    '../_base_/models/fpn_moganet.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_80k.py',
    '../_base_/seg_runtime.py',
]

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
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
default_hooks = dict(checkpoint=dict(interval=8000))
