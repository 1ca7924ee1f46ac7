# UPerNet, MogaNet-XTiny backbone, ADE20K, 512x512 crops, 160k iterations,
# 16 images per step. Published: 30.4M params, 855.7G FLOPs, 42.2 mIoU.
_base_ = [
    '../_base_/models/upernet_moganet.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_160k.py',
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
    decode_head=dict(in_channels=[32, 64, 96, 192]),
    auxiliary_head=dict(in_channels=96),
)
train_dataloader = dict(batch_size=4)
