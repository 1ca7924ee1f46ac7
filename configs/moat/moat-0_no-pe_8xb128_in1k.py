# MOAT-0 without position embedding (use_rel_pos=False), ImageNet-1k, 224 px,
# input normalization option 1 (ImageNet mean/std). Published (deeplab2 MOAT
# checkpoint table): 27.8M params, 5.7G FLOPs, 83.0 top-1. Recipe as
# moat-0_8xb128_in1k.py.
_base_ = ['./moat-0_8xb128_in1k.py']

model = dict(backbone=dict(use_rel_pos=False))
