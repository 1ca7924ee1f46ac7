# UPerNet, FocalNet-T (SRF) backbone, ADE20K, 512x512 crops, 160k
# iterations, 16 images per step (the release used 8 GPUs x 2).
# Published: 61M params, 944G FLOPs, 46.5 mIoU (47.2 multi-scale).
#
# The FocalNet release's recipe: AdamW lr 6e-5, weight decay 0.01 (none on
# norms), 1500 linear warm-up iterations from 1e-6 x lr, then linear decay
# to 0; focal window 9 in every stage (the ImageNet kernels are zero-padded
# to fit while loading); stochastic depth 0.3.
_base_ = [
    '../_base_/models/upernet.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_160k.py',
    '../_base_/seg_runtime.py',
]

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(
        type='mogaseg.FocalNet',
        arch='tiny-srf',
        focal_windows=(9, 9, 9, 9),
        drop_path_rate=0.3,
        # the published ImageNet checkpoint loads as it is
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_srf.pth')),
    decode_head=dict(in_channels=[96, 192, 384, 768]),
    auxiliary_head=dict(in_channels=384),
)
optim_wrapper = dict(
    optimizer=dict(lr=6e-5, weight_decay=0.01),
    paramwise_cfg=dict(
        _delete_=True, custom_keys={'norm': dict(decay_mult=0.)}),
)
train_dataloader = dict(batch_size=4)
