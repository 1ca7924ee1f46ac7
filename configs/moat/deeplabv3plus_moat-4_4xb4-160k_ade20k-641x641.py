# DeepLab v3+, ADE20K, 641x641 inputs, 160k iterations, MOAT-4 backbone; as
# deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py, from the released
# MOAT-4 ImageNet-22K (+1K fine-tuned) weights, stochastic depth as in its
# ImageNet recipe, with the input normalization those weights expect (mean =
# std = 127.5). Published (paper abstract): 57.6 mIoU (single-scale) with 496M
# params, with 641x641 inputs for its ADE20K results.
#
# 641x641 inputs as deeplab2 (the paper's code) defines them for ADE20K
# (configs/ade20k/*/*.textproto: crop_size 641, min/max_resize_value 641,
# scale factors 0.5-2.0): an image is resized to fit 641x641 (its longer
# side 641), in training then scaled by 0.5-2.0 and cropped (padded) to
# 641x641; at test time it is the whole image at that size. From the crop
# follow the attention windows: 14 and 7, deeplab2's default, tile the
# 41x41 and 21x21 maps of stages 3 and 4 at this size (one padded row and
# column at stage 3), where the base's 16 and 8 (for 512 inputs) would pad
# them to 48 and 24. The paper's schedule and optimiser for this result
# were not readable here: the base's 160k iterations at 16 images per step
# and the project's AdamW recipe are kept, so 57.6 is the paper's result,
# not a promise of this recipe.
_base_ = [
    './deeplabv3plus_tiny-moat-0_4xb4-160k_ade20k-512x512.py',
    '../_base_/models/moat_dense.py',
]
__moat = _base_.pop('moat_dense').variants['moat-4']

crop_size = (641, 641)
model = dict(
    data_preprocessor=dict(__moat.model.data_preprocessor, size=crop_size),
    backbone=dict(__moat.model.backbone, window_size=(None, None, 14, 7)),
    decode_head=dict(
        in_channels=__moat.widths[3], c1_in_channels=__moat.widths[0]),
    auxiliary_head=dict(in_channels=__moat.widths[2]))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='mogaseg.CheckSegLabels', num_classes=150),
    dict(
        type='RandomResize',
        scale=crop_size,
        ratio_range=(0.5, 2.0),
        keep_ratio=True),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=crop_size, keep_ratio=True),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='mogaseg.CheckSegLabels', num_classes=150),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
