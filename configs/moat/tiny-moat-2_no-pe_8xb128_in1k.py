# tiny-MOAT-2 without position embedding (use_rel_pos=False), ImageNet-1k,
# 256 px, input normalization option 1 (ImageNet mean/std). Published
# (deeplab2 MOAT checkpoint table): 9.7M params, 3.0G FLOPs, 81.3 top-1.
# Recipe as tiny-moat-2_8xb128_in1k.py.
_base_ = ['./tiny-moat-2_8xb128_in1k.py']

model = dict(backbone=dict(use_rel_pos=False))
