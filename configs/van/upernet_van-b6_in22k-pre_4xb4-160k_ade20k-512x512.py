# UPerNet, VAN-B6 backbone pre-trained on ImageNet-22k, ADE20K, 512x512
# crops, 160k iterations, 16 images per step (the VAN-B0 recipe; the
# release's upernet/22k_pretrained/upernet_van_b6_512x512_160k_ade20k_22k.py,
# 8 GPUs x 2). Published (VAN-Segmentation README): 231M params,
# 1658 GFLOPs, 54.7 mIoU (multi-scale).
_base_ = ['./upernet_van-b5_in22k-pre_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='b6',
        drop_path_rate=0.5,
        # the release's pretrained/van_b6_22k.pth, from its Tsinghua Cloud
        # folder (VAN-Classification publishes no B6)
        init_cfg=dict(
            checkpoint='https://cloud.tsinghua.edu.cn/d/'
            '0100f0cea37d41ba8d08/files/?p=%2Fvan_b6_22k.pth&dl=1')),
    decode_head=dict(in_channels=[96, 192, 384, 768]),
    auxiliary_head=dict(in_channels=384),
)
