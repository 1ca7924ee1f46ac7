# Isotropic FocalNet-S: 12 blocks at 384 channels, stride 16; recipe as in
# focalnet-tiny-iso_8xb128_in1k.py.
# Published: 22.4M params, 4.3G FLOPs, 80.9 top-1.
_base_ = ['./focalnet-tiny-iso_8xb128_in1k.py']

model = dict(backbone=dict(arch='small-iso'), head=dict(in_channels=384))
