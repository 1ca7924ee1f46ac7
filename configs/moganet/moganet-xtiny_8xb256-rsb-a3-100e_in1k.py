# MogaNet-XTiny, ImageNet-1k with the RSB-A3 recipe: 100 epochs, 160 px
# training, 224 px evaluation, 8 GPUs x 256 images.
# Source: openmixup configs/classification/imagenet/moganet/
# moga_xtiny_rsb_a3_sz160_8xb256_ep100.py and its README row "MogaNet-XT,
# RSB A3" (TRAINING.md of Westlake-AI/MogaNet defers RSB A3 to openmixup).
# Published: 2.97M params, 0.80G FLOPs at 224, 72.8 top-1.
# The recipe: binary cross-entropy (no label smoothing) on Mixup 0.1 /
# CutMix 1.0 targets, drop path 0.05, LAMB lr 6e-3 for 2048 images, weight
# decay 0.02, 5 warm-up epochs, cosine to 1e-6, precise BN (8192 images)
# after every epoch, fp32 (openmixup: use_fp16=False) with the gating in
# fp32 as openmixup's models set it. No EMA.
_base_ = [
    '../_base_/models/moganet_in1k.py',
    '../_base_/datasets/imagenet_bs256_rsb-a3_160.py',
    '../_base_/schedules/imagenet_bs2048_lamb_100e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='xtiny', drop_path_rate=0.05, attn_force_fp32=True),
    head=dict(
        in_channels=192,
        loss=dict(
            _delete_=True,
            type='CrossEntropyLoss',
            use_sigmoid=True,
            loss_weight=1.0)),
    train_cfg=dict(augments=[
        dict(type='Mixup', alpha=0.1),
        dict(type='CutMix', alpha=1.0),
    ]),
)
custom_hooks = [dict(type='PreciseBNHook', num_samples=8192, interval=1)]
