# DeepLab v3+, ADE20K, 512x512 crops, 160k iterations, MOAT-0 backbone; as
# deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py, from the released
# MOAT-0 ImageNet-1K weights, stochastic depth as in its ImageNet recipe. The
# paper's table for this size was not readable here, so no number is quoted.
_base_ = ['./deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='moat-0',
        drop_path_rate=0.2,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/'
            'moat0_imagenet_1k_224_w_position_embedding.tar.gz')),
    decode_head=dict(in_channels=768, c1_in_channels=96),
    auxiliary_head=dict(in_channels=384),
)
