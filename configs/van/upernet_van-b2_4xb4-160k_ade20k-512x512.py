# UPerNet, VAN-B2 backbone, ADE20K, 512x512 crops, 160k iterations, 16 images
# per step (the VAN-B0 recipe). Published (VAN-Segmentation): 57M params,
# 948 GFLOPs, 50.1 mIoU (multi-scale).
_base_ = ['./upernet_van-b0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='b2',
        init_cfg=dict(
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-base_8xb128_in1k_20220501-6a4cc31b.pth')),
    decode_head=dict(in_channels=[64, 128, 320, 512]),
    auxiliary_head=dict(in_channels=320),
)
