# tiny-MOAT-3 without position embedding (use_rel_pos=False), ImageNet-1k,
# 256 px, input normalization option 1 (ImageNet mean/std). Published
# (deeplab2 MOAT checkpoint table): 19.5M params, 6.0G FLOPs, 83.0 top-1.
# Recipe as tiny-moat-3_8xb128_in1k.py.
_base_ = ['./tiny-moat-3_8xb128_in1k.py']

model = dict(backbone=dict(use_rel_pos=False))
