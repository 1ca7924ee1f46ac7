# Demo: Semantic FPN with a MogaNet-XTiny backbone on the generated
# ADE20K-layout shapes dataset (tools/run_demo.py seg), a few minutes on 2
# CPU cores. The backbone starts from the classification demo's checkpoint,
# loaded through init_cfg with the classifier's 'backbone.' prefix.
_base_ = [
    '../_base_/models/fpn_moganet.py',
    '../_base_/datasets/demo_ade20k_128px.py',
    '../_base_/schedules/seg_adamw_poly_80k.py',
    '../_base_/seg_runtime.py',
]

crop_size = (128, 128)
norm_cfg = dict(type='BN', requires_grad=True)  # one process, no SyncBN
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        arch='xtiny',
        drop_path_rate=0.0,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='work_dirs/demo_cls/epoch_8.pth',
            prefix='backbone.')),
    # a slim 64-channel FPN for a CPU
    neck=dict(in_channels=[32, 64, 96, 192], out_channels=64),
    decode_head=dict(
        in_channels=[64, 64, 64, 64], channels=64, norm_cfg=norm_cfg),
)

max_iters = 300
train_cfg = dict(max_iters=max_iters, val_interval=150)
optim_wrapper = dict(optimizer=dict(lr=1e-3))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0,
         end=25),
    dict(
        type='PolyLR',
        power=0.9,
        eta_min=0.0,
        by_epoch=False,
        begin=25,
        end=max_iters),
]
auto_scale_lr = dict(base_batch_size=8)
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=150))
randomness = dict(seed=0)
