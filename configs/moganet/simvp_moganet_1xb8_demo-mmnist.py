# Demo: a small SimVP with MogaNet blocks trained from scratch on the demo's
# Moving MNIST of real digits (tools/run_demo.py video), a few minutes on 2
# CPU cores. Its test numbers say that it learnt the motion (they beat
# predicting empty frames and repeating the last frame), nothing more: they
# are not comparable with the published rows (hours of GPU training).
_base_ = [
    '../_base_/models/simvp_moganet.py',
    '../_base_/datasets/demo_moving_mnist.py',
    '../_base_/schedules/video_adam_onecycle_200e.py',
    '../_base_/video_runtime.py',
]

model = dict(
    spatial_channels=16,
    translator_channels=128,
    num_translator_blocks=4,
    # Layer scales start at 0.1 instead of 1e-5: with only a few hundred
    # steps, near-identity blocks would barely train.
    translator=dict(ffn_ratio=4., init_value=0.1))

max_epochs = 4
train_cfg = dict(max_epochs=max_epochs, val_interval=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=5e-3))
param_scheduler = [
    dict(
        type='OneCycleLR',
        eta_max=5e-3,
        by_epoch=True,
        begin=0,
        end=max_epochs,
        convert_to_iter_based=True),
]
default_hooks = dict(logger=dict(interval=20))
randomness = dict(seed=0)
