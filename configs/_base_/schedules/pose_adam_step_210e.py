# The top-down heatmap schedule of the MogaNet pose release (mmpose 0.x
# configs): Adam, lr 1e-3 for 8 GPUs x 32 images, 500 linear warm-up
# iterations from 1e-3 of it, lr x0.1 at epochs 170 and 200 of 210,
# validation every 10 epochs.
max_epochs = 210
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=10)
val_cfg = dict()
test_cfg = dict()
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [
    dict(
        type='LinearLR', begin=0, end=500, start_factor=0.001,
        by_epoch=False),
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        milestones=[170, 200],
        gamma=0.1,
        by_epoch=True),
]
auto_scale_lr = dict(base_batch_size=256)
