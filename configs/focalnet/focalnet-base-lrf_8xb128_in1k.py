# FocalNet-B (LRF: focal levels 3, kernels 3, 5 and 7), ImageNet-1k,
# 300 epochs, 8 GPUs x 128 images; recipe as in
# focalnet-tiny-srf_8xb128_in1k.py.
# Published: 88.7M params, 15.4G FLOPs, 83.9 top-1.
_base_ = ['./focalnet-tiny-srf_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='base-lrf', drop_path_rate=0.5),
    head=dict(in_channels=1024),
)
