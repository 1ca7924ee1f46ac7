# FocalNet-L (fl4: focal levels 4, kernels 3, 5, 7 and 9, normalised
# modulator), ImageNet-21K pre-training at 384 px, 21,841 classes; recipe,
# head and silences as in focalnet-large-fl3_in21k-384px.py.
# Source: microsoft/FocalNet README, "ImageNet-22K Pretraining" table, row
# "FocalNet-L, kernels [3,5,7,9]"; config configs/focalnet_large_fl4.yaml
# (drop path 0.5), weights focalnet_large_lrf_384_fl4.pth.
# Published: 207M params (counted with a 1000-class head; 239.3M here with
# the 21,841-class head); nothing else.
_base_ = ['./focalnet-large-fl3_in21k-384px.py']

model = dict(backbone=dict(arch='large-fl4'))
