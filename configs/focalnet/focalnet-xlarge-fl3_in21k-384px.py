# FocalNet-XL (fl3: focal levels 3, kernels 5, 7 and 9), ImageNet-21K
# pre-training at 384 px, 21,841 classes; recipe, head and silences as in
# focalnet-large-fl3_in21k-384px.py.
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-XL, kernels [5,7,9]"; config configs/focalnet_xlarge_fl3.yaml
# (dims 256, drop path 0.5), weights focalnet_xlarge_lrf_384.pth.
# Published: 366M params (counted with a 1000-class head); nothing else.
# Heavy: 408.8M parameters here with the 21,841-class head, 186G FLOPs
# (multiply-accumulates, counted analytically) at 384 px; the test
# pipeline stays at the published 384 px.
_base_ = ['./focalnet-large-fl3_in21k-384px.py']

model = dict(
    backbone=dict(arch='xlarge-fl3'),
    head=dict(in_channels=2048),
)
