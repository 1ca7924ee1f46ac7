# FocalNet-L (fl4), ImageNet-21K pre-trained (focalnet-large-fl4_in21k-384px
# .py, or the released focalnet_large_lrf_384_fl4.pth) and fine-tuned on
# ImageNet-1k at 384 px; recipe and silences as in
# focalnet-large-fl3_in21k-pre_in1k-384px.py.
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-L, kernels [3,5,7,9]"; published: nothing for ImageNet-1k.
_base_ = ['./focalnet-large-fl3_in21k-pre_in1k-384px.py']

model = dict(
    backbone=dict(
        arch='large-fl4',
        init_cfg=dict(
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_large_lrf_384_fl4.pth')))
