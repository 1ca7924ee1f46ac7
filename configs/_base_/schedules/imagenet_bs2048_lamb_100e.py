# The MogaNet RSB-A3 schedule (openmixup's moga_*_rsb_a3 configs): LAMB, lr
# 6e-3 for a total batch of 2048 (RSB's own A3 uses 8e-3), weight decay 0.02,
# none on norms, biases, layer scales and element scales; 5 linear warm-up
# epochs from 1e-5 of the lr, cosine decay (per iteration) to 1e-6, 100
# epochs. The optimizer's own global gradient-norm clipping at 1.0 (timm's
# Lamb, in both mmpretrain and openmixup) applies.
optim_wrapper = dict(
    optimizer=dict(type='Lamb', lr=6e-3, weight_decay=0.02),
    paramwise_cfg=dict(
        norm_decay_mult=0.0,
        bias_decay_mult=0.0,
        custom_keys={
            'layer_scale': dict(decay_mult=0.),
            'scale': dict(decay_mult=0.),
        }),
)

# The two overlap: the warm-up multiplies a cosine that spans all 100 epochs
# (mmcv's warm-up on top of CosineAnnealing, as openmixup trained).
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-5,
        by_epoch=True,
        begin=0,
        end=5,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        T_max=100,
        eta_min=1e-6,
        by_epoch=True,
        begin=0,
        end=100,
        convert_to_iter_based=True),
]

train_cfg = dict(by_epoch=True, max_epochs=100, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# --auto-scale-lr rescales the lr linearly to the actual total batch size.
auto_scale_lr = dict(base_batch_size=2048)
