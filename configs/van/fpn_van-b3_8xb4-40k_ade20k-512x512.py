# Semantic FPN, VAN-B3 backbone, ADE20K, 512x512 crops, 40k iterations, 32
# images per step (the VAN-B0 recipe; sem_fpn/fpn_van_b3_ade20k_40k.py).
# Published (VAN-Segmentation README): 48.1 mIoU; no params or FLOPs.
_base_ = ['./fpn_van-b0_8xb4-40k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='b3',
        drop_path_rate=0.3,
        init_cfg=dict(
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-large_8xb128_in1k_20220501-f212ba21.pth')),
    neck=dict(in_channels=[64, 128, 320, 512]),
)
