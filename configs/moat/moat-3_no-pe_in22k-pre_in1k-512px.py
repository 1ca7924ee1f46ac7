# MOAT-3 without position embedding (use_rel_pos=False), ImageNet-22K
# pre-trained and fine-tuned on ImageNet-1k at 512 px, input normalization
# option 2 (mean = std = 127.5). Published (deeplab2 MOAT checkpoint table):
# 189.5M params, 266.1G FLOPs, 88.2 top-1. Recipe as
# moat-3_in22k-pre_in1k-512px.py.
_base_ = ['./moat-3_in22k-pre_in1k-512px.py']

model = dict(backbone=dict(use_rel_pos=False))
