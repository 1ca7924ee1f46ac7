# FocalNet-H (fl4: focal levels 4, kernels 3, 5, 7 and 9, post-norm in the
# modulation), ImageNet-21K pre-training at 224 px, 21,841 classes; as
# focalnet-huge-fl3_in21k.py.
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-H, kernels [3,5,7,9]"; config configs/focalnet_huge_fl4.yaml
# (dims 352, drop path 0.5), weights focalnet_huge_lrf_224_fl4.pth.
# Published: 689M params (counted with a 1000-class head); nothing else.
# Heavy: 748.0M parameters here with the 21,841-class head, 119G FLOPs
# (multiply-accumulates, counted analytically) at 224 px; the test
# pipeline stays at the published 224 px.
_base_ = ['./focalnet-huge-fl3_in21k.py']

model = dict(backbone=dict(arch='huge-fl4'))
