# ImageNet-1k at 384 px for the MOAT releases fine-tuned from ImageNet-22K:
# as imagenet_bs128_moganet_224.py (RandAugment m9, random erasing 0.25),
# with 384 px crops and their input normalization (option 2 of deeplab2's
# checkpoint table: mean = std = 127.5). Evaluation resizes the short side to
# 427 and centre-crops 384 (crop_pct 0.9, as the other MOAT configs):
# deeplab2 has no ImageNet evaluation code, so the release's crop is unknown.
_base_ = ['./imagenet_bs128_moganet_224.py']

data_preprocessor = dict(mean=[127.5] * 3, std=[127.5] * 3)
bgr_mean = data_preprocessor['mean']
bgr_std = data_preprocessor['std']
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(
        type='RandomResizedCrop',
        scale=384,
        backend='pillow',
        interpolation='bicubic'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(
        type='RandAugment',
        policies='timm_increasing',
        num_policies=2,
        total_level=10,
        magnitude_level=9,
        magnitude_std=0.5,
        hparams=dict(pad_val=[128, 128, 128], interpolation='bicubic')),
    dict(
        type='RandomErasing',
        erase_prob=0.25,
        mode='rand',
        min_area_ratio=0.02,
        max_area_ratio=1 / 3,
        fill_color=bgr_mean,
        fill_std=bgr_std),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(
        type='ResizeEdge',
        scale=427,
        edge='short',
        backend='pillow',
        interpolation='bicubic'),
    dict(type='CenterCrop', crop_size=384),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
