# MOAT-4 without position embedding (use_rel_pos=False), ImageNet-22K
# pre-trained and fine-tuned on ImageNet-1k at 512 px, input normalization
# option 2 (mean = std = 127.5). Published (deeplab2 MOAT checkpoint table):
# 482.5M params, 640.6G FLOPs, 88.9 top-1. Recipe as
# moat-4_in22k-pre_in1k-512px.py.
_base_ = ['./moat-4_in22k-pre_in1k-512px.py']

model = dict(backbone=dict(use_rel_pos=False))
