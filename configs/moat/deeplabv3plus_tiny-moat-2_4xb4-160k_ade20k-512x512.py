# DeepLab v3+, ADE20K, 512x512 crops, 160k iterations, tiny-MOAT-2 backbone;
# as deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py, from the released
# tiny-MOAT-2 ImageNet-1K weights. The paper's table for this size was not
# readable here, so no number is quoted.
_base_ = ['./deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='tiny-moat-2',
        drop_path_rate=0.0,
        init_cfg=dict(
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/'
            'tiny_moat2_imagenet_1k_256_w_position_embedding.tar.gz')),
    decode_head=dict(in_channels=448, c1_in_channels=56),
    auxiliary_head=dict(in_channels=224),
)
