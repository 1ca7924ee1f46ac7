# MOAT-0, ImageNet-1k from scratch at 224 px, 300 epochs, 8 GPUs x 128
# images. Published (deeplab2 MOAT checkpoint table, ImageNet-1k, 224 px):
# 27.8M params, 5.7G FLOPs, 83.3 top-1 (83.0 without position embedding).
# From the paper / release: 224 px, 300 epochs, ImageNet mean/std input
# normalisation, drop path 0.2 (survival 0.8). The optimiser, schedule and
# augmentation are the house AdamW recipe (imagenet_bs1024_adamw_300e.py,
# RandAugment m9, Mixup/CutMix, label smoothing 0.1), not checked against
# the paper's appendix.
_base_ = [
    '../_base_/models/moat_in1k.py',
    '../_base_/datasets/imagenet_bs128_moganet_224.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='moat-0', drop_path_rate=0.2),
    head=dict(in_channels=768),
)
# no weight decay on the relative position bias tables (as for Swin's)
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'.rel_pos.table': dict(decay_mult=0.)}))
