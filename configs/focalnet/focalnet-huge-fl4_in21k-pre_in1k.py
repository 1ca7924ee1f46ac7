# FocalNet-H (fl4), ImageNet-21K pre-trained (focalnet-huge-fl4_in21k.py, or
# the released focalnet_huge_lrf_224_fl4.pth) and fine-tuned on ImageNet-1k
# at 224 px; as focalnet-huge-fl3_in21k-pre_in1k.py.
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-H, kernels [3,5,7,9]"; published: nothing for ImageNet-1k.
# Heavy: 689.3M parameters (README: 689M), 119G FLOPs
# (multiply-accumulates, counted analytically) at 224 px; the test
# pipeline stays at 224 px.
_base_ = ['./focalnet-huge-fl3_in21k-pre_in1k.py']

model = dict(
    backbone=dict(
        arch='huge-fl4',
        init_cfg=dict(
            checkpoint='https://projects4jw.blob.core.windows.net/focalnet/'
            'release/classification/focalnet_huge_lrf_224_fl4.pth')))
