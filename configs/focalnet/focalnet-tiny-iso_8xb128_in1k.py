# Isotropic FocalNet-T: a 16x16 patch stem and one stage of 12 blocks at
# 192 channels (focal levels 3, kernels 3, 5 and 7), ImageNet-1k, 300 epochs,
# 8 GPUs x 128 images; recipe as in focalnet-tiny-srf_8xb128_in1k.py, with
# stochastic depth 0.2 for all three isotropic sizes (the release's
# focalnet_*_iso.yaml).
# Published (release README, "comparison with isotropic ViT models"):
# 5.9M params, 1.1G FLOPs, 74.1 top-1.
_base_ = ['./focalnet-tiny-srf_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='tiny-iso', drop_path_rate=0.2),
    head=dict(in_channels=192),
)
