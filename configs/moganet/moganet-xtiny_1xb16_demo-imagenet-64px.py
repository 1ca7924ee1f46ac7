# Demo: MogaNet-XTiny trained from scratch on the generated 8-class shapes
# dataset (tools/run_demo.py), a few minutes on 2 CPU cores.
_base_ = [
    '../_base_/models/moganet_in1k.py',
    '../_base_/datasets/demo_imagenet_64px.py',
    '../_base_/schedules/imagenet_bs1024_adamw_300e.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    # Layer scales start at 0.1 instead of 1e-5: with only a few hundred
    # steps, near-identity blocks would barely train.
    backbone=dict(arch='xtiny', drop_path_rate=0.0, init_value=0.1),
    head=dict(
        num_classes=8,
        in_channels=192,
        loss=dict(_delete_=True, type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, )),
    train_cfg=None,  # no Mixup/CutMix on this small problem
)

max_epochs = 8
optim_wrapper = dict(optimizer=dict(lr=2e-3, weight_decay=0.05))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-2,
        by_epoch=True,
        end=1,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-5,
        by_epoch=True,
        begin=1,
        end=max_epochs,
        convert_to_iter_based=True),
]
train_cfg = dict(max_epochs=max_epochs, val_interval=2)
auto_scale_lr = dict(base_batch_size=16)

default_hooks = dict(logger=dict(interval=5))
randomness = dict(seed=0)
