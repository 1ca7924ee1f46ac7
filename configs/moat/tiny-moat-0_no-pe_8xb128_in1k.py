# tiny-MOAT-0 without position embedding (use_rel_pos=False), ImageNet-1k,
# 256 px, input normalization option 1 (ImageNet mean/std). Published
# (deeplab2 MOAT checkpoint table): 3.3M params, 1.1G FLOPs, 76.0 top-1.
# Recipe as tiny-moat-0_8xb128_in1k.py.
_base_ = ['./tiny-moat-0_8xb128_in1k.py']

model = dict(backbone=dict(use_rel_pos=False))
