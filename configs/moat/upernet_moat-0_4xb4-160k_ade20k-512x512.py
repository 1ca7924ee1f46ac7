# UPerNet, MOAT-0 backbone, ADE20K, 512x512 crops, 160k iterations, 16 images
# per step; as upernet_tiny-moat-0_4xb4-160k_ade20k-512x512.py (windows
# 16 / 8, from the released MOAT-0 ImageNet weights),
# drop path 0.2 as in the ImageNet recipe. No published result for this
# setting.
_base_ = ['./upernet_tiny-moat-0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='moat-0',
        drop_path_rate=0.2,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/moat0_imagenet_1k_224_w_position_embedding.tar.gz')),
    decode_head=dict(in_channels=[96, 192, 384, 768]),
    auxiliary_head=dict(in_channels=384),
)
