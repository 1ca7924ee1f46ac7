# The VAN Semantic FPN recipe (VAN-Segmentation's sem_fpn configs: "8 GPUs
# instead of 4, so lr*2 and max_iters/2"): AdamW (lr 2e-4 for 32 images,
# weight decay 1e-4 on every parameter), no warm-up, poly decay (power 0.9)
# to 0 over 40k iterations, validation every 4k.
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=2e-4, weight_decay=1e-4),
)
param_scheduler = [
    dict(
        type='PolyLR',
        power=0.9,
        eta_min=0.0,
        by_epoch=False,
        begin=0,
        end=40000),
]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=40000, val_interval=4000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
auto_scale_lr = dict(base_batch_size=32)
