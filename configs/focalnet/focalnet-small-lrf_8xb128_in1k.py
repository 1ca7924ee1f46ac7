# FocalNet-S (LRF: focal levels 3, kernels 3, 5 and 7), ImageNet-1k,
# 300 epochs, 8 GPUs x 128 images; recipe as in
# focalnet-tiny-srf_8xb128_in1k.py.
# Published: 50.3M params, 8.7G FLOPs, 83.5 top-1.
_base_ = ['./focalnet-tiny-srf_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='small-lrf', drop_path_rate=0.3),
    head=dict(in_channels=768),
)
