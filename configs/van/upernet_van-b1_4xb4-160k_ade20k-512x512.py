# UPerNet, VAN-B1 backbone (IN-1K), ADE20K, 512x512 crops, 160k iterations,
# 16 images per step (the VAN-B0 recipe; the release's
# upernet/1k_pretrained/upernet_van_b1_512x512_160k_ade20k.py, 8 GPUs x 2).
# Published (VAN-Segmentation README): 44M params, 44.9 mIoU
# (multi-scale); no FLOPs and no checkpoint.
_base_ = ['./upernet_van-b0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='b1',
        drop_path_rate=0.1,
        init_cfg=dict(
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-small_8xb128_in1k_20220501-17bc91aa.pth')),
    decode_head=dict(in_channels=[64, 128, 320, 512]),
    auxiliary_head=dict(in_channels=320),
)
