# MogaNet-XTiny, ImageNet-1k, 300 epochs, 8 GPUs x 128 images.
# Published: 2.97M params, 0.80G FLOPs, 76.5 top-1.
_base_ = [
    '../_base_/models/moganet_in1k.py',
    '../_base_/datasets/imagenet_bs128_moganet-m7_224.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='xtiny', drop_path_rate=0.05),
    head=dict(in_channels=192),
    train_cfg=dict(augments=[
        dict(type='Mixup', alpha=0.1),
        dict(type='CutMix', alpha=1.0),
    ]),
)
optim_wrapper = dict(optimizer=dict(weight_decay=0.03))
