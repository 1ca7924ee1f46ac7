# ImageNet-1k at 256 px with DeiT III's "3-Augment", as openmixup's
# moga_light_deit3_sz256_8xbs128.py: random resized crop (bicubic), flip,
# then one of grayscale / solarization (threshold 128) / Gaussian blur
# (radius uniform in [0.1, 2]), picked uniformly, then colour jitter 0.3
# (brightness, contrast, saturation; no hue). No RandAugment, no random
# erasing. Evaluation as imagenet_bs128_moganet_256.py: the short side
# resized to 284 (crop_pct 0.9), centre crop 256.
_base_ = ['./imagenet_bs128_moganet_256.py']

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(
        type='RandomResizedCrop',
        scale=256,
        backend='pillow',
        interpolation='bicubic'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(
        type='RandomChoice',
        transforms=[
            # torchvision's RandomGrayscale(p=1) (ITU-R 601 luma, three
            # channels kept); the images here are BGR
            [
                dict(
                    type='RandomGrayscale',
                    prob=1.,
                    keep_channels=True,
                    channel_weights=(0.114, 0.587, 0.299))
            ],
            [dict(type='Solarize', thr=128, prob=1.)],
            # radius = U(0, 10) / 10 * (2.0 - 0.1) + 0.1, i.e. U(0.1, 2.0)
            [
                dict(
                    type='GaussianBlur',
                    magnitude_range=(0.1, 2.0),
                    magnitude_std='inf',
                    prob=1.)
            ],
        ]),
    dict(type='ColorJitter', brightness=0.3, contrast=0.3, saturation=0.3),
    dict(type='PackInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
