# DeepLab v3+, ADE20K, 512x512 crops, 160k iterations, MOAT-2 backbone; as
# deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py, from the released
# MOAT-2 ImageNet-22K (+1K fine-tuned) weights, stochastic depth as in its
# ImageNet recipe, with the input normalization those weights expect (mean =
# std = 127.5). The paper's table for this size was not readable here, so no
# number is quoted.
_base_ = ['./deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py']

model = dict(
    data_preprocessor=dict(mean=[127.5] * 3, std=[127.5] * 3),
    backbone=dict(
        arch='moat-2',
        drop_path_rate=0.3,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/'
            'moat2_imagenet_22k_and_1k_384_w_position_embedding.tar.gz')),
    decode_head=dict(in_channels=1024, c1_in_channels=128),
    auxiliary_head=dict(in_channels=512),
)
