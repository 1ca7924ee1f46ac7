# The release's TaxiBJ / WeatherBench schedule: Adam (no weight decay), lr
# 1e-3 for one GPU x 16 sequences, cosine decay per epoch to 1e-6 over 50
# epochs after a linear warm-up from 1e-5 (5 epochs; configs without one
# replace param_scheduler), evaluation after every epoch.
max_epochs = 50
_warmup_epochs = 5
_lr = 1e-3
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=1)
val_cfg = dict()
test_cfg = dict()
optim_wrapper = dict(optimizer=dict(type='Adam', lr=_lr, weight_decay=0.))
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-5 / _lr,
        by_epoch=True,
        begin=0,
        end=_warmup_epochs),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-6,
        by_epoch=True,
        begin=_warmup_epochs,
        end=max_epochs),
]
auto_scale_lr = dict(base_batch_size=16)
