# Isotropic FocalNet-B: 12 blocks at 768 channels, stride 16, with layer
# scale and post-norm blocks, which the release's model definition
# (focalnet_base_iso) adds and its yaml does not list; recipe as in
# focalnet-tiny-iso_8xb128_in1k.py.
# Published: 87.2M params, 16.9G FLOPs, 82.4 top-1.
_base_ = ['./focalnet-tiny-iso_8xb128_in1k.py']

model = dict(backbone=dict(arch='base-iso'), head=dict(in_channels=768))
