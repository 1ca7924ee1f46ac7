# UPerNet, VAN-B4 backbone (IN-1K), ADE20K, 512x512 crops, 160k iterations,
# 32 images per step at the same lr 6e-5 (the release's
# upernet/1k_pretrained/upernet_van_b4_512x512_160k_ade20k.py: 8 GPUs x 4,
# though its comment says 2 per GPU). Published (VAN-Segmentation README):
# 90M params, 1098 GFLOPs, 52.2 mIoU (multi-scale).
_base_ = ['./upernet_van-b0_4xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        arch='b4',
        drop_path_rate=0.4,
        # The release's ImageNet-1k B4 (its config's pretrained/van_b4.pth),
        # from the release's Tsinghua Cloud folder; VAN-Classification
        # publishes no B4 (its table says TODO). Loads as it is.
        init_cfg=dict(
            _delete_=True,
            type='Pretrained',
            checkpoint='https://cloud.tsinghua.edu.cn/d/'
            '0100f0cea37d41ba8d08/files/?p=%2Fvan_b4.pth&dl=1')),
    decode_head=dict(in_channels=[64, 128, 320, 512]),
    auxiliary_head=dict(in_channels=320),
)
auto_scale_lr = dict(base_batch_size=32)
