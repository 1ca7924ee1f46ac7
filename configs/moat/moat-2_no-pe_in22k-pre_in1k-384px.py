# MOAT-2 without position embedding (use_rel_pos=False), ImageNet-22K
# pre-trained and fine-tuned on ImageNet-1k at 384 px, input normalization
# option 2 (mean = std = 127.5). Published (deeplab2 MOAT checkpoint table):
# 73.2M params, 53.8G FLOPs, 87.2 top-1. Recipe as
# moat-2_in22k-pre_in1k-384px.py.
_base_ = ['./moat-2_in22k-pre_in1k-384px.py']

model = dict(backbone=dict(use_rel_pos=False))
