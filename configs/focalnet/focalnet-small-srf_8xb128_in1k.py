# FocalNet-S (SRF: focal levels 2, kernels 3 and 5), ImageNet-1k,
# 300 epochs, 8 GPUs x 128 images; recipe as in
# focalnet-tiny-srf_8xb128_in1k.py.
# Published: 49.9M params, 8.6G FLOPs, 83.4 top-1.
_base_ = ['./focalnet-tiny-srf_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='small-srf', drop_path_rate=0.3),
    head=dict(in_channels=768),
)
