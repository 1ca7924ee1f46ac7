# MOAT-1 without position embedding (use_rel_pos=False), ImageNet-1k, 224 px,
# input normalization option 1 (ImageNet mean/std). Published (deeplab2 MOAT
# checkpoint table): 41.5M params, 9.1G FLOPs, 84.1 top-1. Recipe as
# moat-1_8xb128_in1k.py.
_base_ = ['./moat-1_8xb128_in1k.py']

model = dict(backbone=dict(use_rel_pos=False))
