# FocalNet-XL (fl4), ImageNet-21K pre-trained (focalnet-xlarge-fl4_in21k-
# 384px.py, or the released focalnet_xlarge_lrf_384_fl4.pth) and fine-tuned
# on ImageNet-1k at 384 px; recipe and silences as in
# focalnet-large-fl3_in21k-pre_in1k-384px.py.
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-XL, kernels [3,5,7,9]"; published: nothing for ImageNet-1k.
# Heavy: 366.3M parameters (README: 366M), 186G FLOPs
# (multiply-accumulates, counted analytically) at 384 px; the test
# pipeline stays at 384 px.
_base_ = ['./focalnet-large-fl3_in21k-pre_in1k-384px.py']

model = dict(
    backbone=dict(
        arch='xlarge-fl4',
        init_cfg=dict(
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_xlarge_lrf_384_fl4.pth')),
    head=dict(in_channels=2048),
)
