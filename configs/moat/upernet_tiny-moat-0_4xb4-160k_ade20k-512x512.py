# UPerNet, tiny-MOAT-0 backbone, ADE20K, 512x512 crops, 160k iterations, 16
# images per step, with the project's UPerNet recipe (AdamW, lr 1e-4, weight
# decay 0.01, 1500 warm-up iterations, poly decay). No published result for
# this setting. The attention of stages 3 and 4 runs in non-overlapping
# 16x16 and 8x8 windows, which tile the 32x32 and 16x16 maps of a 512 crop
# exactly (the 14 / 7 position tables are resized to them); larger test
# images are padded to whole windows with the padding masked. Shortcut
# pooling 3x3 and GELU on the outputs, as the release's dense models.
# Starts from the released tiny-MOAT-0 ImageNet weights (deeplab2's
# TensorFlow checkpoint, converted while it loads; its classifier head
# and final norm are not part of this backbone and are left out).
_base_ = [
    '../_base_/models/upernet.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_160k.py',
    '../_base_/seg_runtime.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense')

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(__moat.backbone, window_size=(None, None, 16, 8)),
    decode_head=dict(in_channels=[32, 64, 128, 256]),
    auxiliary_head=dict(in_channels=128),
)
optim_wrapper = dict(paramwise_cfg=__moat.paramwise_cfg)
train_dataloader = dict(batch_size=4)
