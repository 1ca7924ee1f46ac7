# FocalNet-T (LRF: focal levels 3, kernels 3, 5 and 7), ImageNet-1k,
# 300 epochs, 8 GPUs x 128 images; recipe as in
# focalnet-tiny-srf_8xb128_in1k.py.
# Published: 28.6M params, 4.5G FLOPs, 82.3 top-1.
_base_ = ['./focalnet-tiny-srf_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='tiny-lrf', drop_path_rate=0.2),
    head=dict(in_channels=768),
)
