# tiny-MOAT-1 without position embedding (use_rel_pos=False), ImageNet-1k,
# 256 px, input normalization option 1 (ImageNet mean/std). Published
# (deeplab2 MOAT checkpoint table): 5.1M params, 1.6G FLOPs, 78.9 top-1.
# Recipe as tiny-moat-1_8xb128_in1k.py.
_base_ = ['./tiny-moat-1_8xb128_in1k.py']

model = dict(backbone=dict(use_rel_pos=False))
