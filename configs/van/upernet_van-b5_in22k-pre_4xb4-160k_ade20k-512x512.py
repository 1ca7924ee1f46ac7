# UPerNet, VAN-B5 backbone pre-trained on ImageNet-22k, ADE20K, 512x512
# crops, 160k iterations, 16 images per step (the VAN-B0 recipe; the
# release's upernet/22k_pretrained/upernet_van_b5_512x512_160k_ade20k_22k.py,
# 8 GPUs x 2). Published (VAN-Segmentation README): 117M params,
# 1208 GFLOPs, 53.9 mIoU (multi-scale). This network, as the release's
# config defines it, has 121.8M parameters.
_base_ = ['./upernet_van-b0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='b5',
        drop_path_rate=0.4,
        # the release's pretrained/van_b5_22k.pth, from its Tsinghua Cloud
        # folder (VAN-Classification publishes no B5); loads as it is
        init_cfg=dict(
            _delete_=True,
            type='Pretrained',
            checkpoint='https://cloud.tsinghua.edu.cn/d/'
            '0100f0cea37d41ba8d08/files/?p=%2Fvan_b5_22k.pth&dl=1')),
    decode_head=dict(in_channels=[96, 192, 480, 768]),
    auxiliary_head=dict(in_channels=480),
)
