# UPerNet, VAN-B3 backbone (IN-1K), ADE20K, 512x512 crops, 160k iterations,
# 16 images per step (the VAN-B0 recipe; the release's
# upernet/1k_pretrained/upernet_van_b3_512x512_160k_ade20k.py, 8 GPUs x 2).
# Published (VAN-Segmentation README): 75M params, 1030 GFLOPs, 50.6 mIoU
# (multi-scale).
_base_ = ['./upernet_van-b0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='b3',
        drop_path_rate=0.3,
        init_cfg=dict(
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-large_8xb128_in1k_20220501-f212ba21.pth')),
    decode_head=dict(in_channels=[64, 128, 320, 512]),
    auxiliary_head=dict(in_channels=320),
)
