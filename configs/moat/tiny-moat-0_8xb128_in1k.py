# tiny-MOAT-0, ImageNet-1k from scratch at 256 px, 300 epochs, 8 GPUs x 128
# images. Published (deeplab2 MOAT checkpoint table, ImageNet-1k, 256 px):
# 3.4M params, 1.1G FLOPs, 76.6 top-1 (76.0 without position embedding).
# From the release: 256 px, ImageNet mean/std input normalisation, no drop
# path (survival 1.0). The relative position tables keep their 14 / 7 sizes
# and are resized to the 16x16 / 8x8 maps of a 256 px input. Optimiser,
# schedule and augmentation as moat-0_8xb128_in1k.py (house recipe).
_base_ = [
    '../_base_/models/moat_in1k.py',
    '../_base_/datasets/imagenet_bs128_moganet_256.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='tiny-moat-0', drop_path_rate=0.),
    head=dict(in_channels=256),
)
optim_wrapper = dict(
    paramwise_cfg=dict(custom_keys={'.rel_pos.table': dict(decay_mult=0.)}))
