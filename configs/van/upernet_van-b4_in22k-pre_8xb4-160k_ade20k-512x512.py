# UPerNet, VAN-B4 backbone pre-trained on ImageNet-22k, ADE20K, 512x512
# crops, 160k iterations, 32 images per step (the IN-1K B4 recipe; the
# release's upernet/22k_pretrained/upernet_van_b4_512x512_160k_ade20k_22k.py,
# 8 GPUs x 4). Published (VAN-Segmentation README): 90M params,
# 1098 GFLOPs, 53.5 mIoU (multi-scale).
_base_ = ['./upernet_van-b4_8xb4-160k_ade20k-512x512.py']

model = dict(
    backbone=dict(
        # the release's pretrained/van_b4_22k.pth, from its Tsinghua Cloud
        # folder; whether 22k-only or 22k->1k fine-tuned it does not say
        init_cfg=dict(
            checkpoint='https://cloud.tsinghua.edu.cn/d/'
            '0100f0cea37d41ba8d08/files/?p=%2Fvan_b4_22k.pth&dl=1')))
