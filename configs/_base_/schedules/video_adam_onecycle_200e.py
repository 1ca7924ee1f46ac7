# The release's Moving MNIST schedule: Adam (no weight decay), lr 1e-3 for
# one GPU x 16 sequences, a one-cycle policy stepped every iteration (30%
# cosine warm-up from lr/25, cosine decay to lr/25/1e4) with Adam's beta1
# cycled the other way (0.95 -> 0.85 -> 0.95), 200 epochs, evaluation on
# the test set after every epoch.
max_epochs = 200
_warmup_epochs = 0.3 * max_epochs
train_cfg = dict(by_epoch=True, max_epochs=max_epochs, val_interval=1)
val_cfg = dict()
test_cfg = dict()
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3, betas=(0.95, 0.999),
                   weight_decay=0.))
param_scheduler = [
    dict(
        type='OneCycleLR',
        eta_max=1e-3,
        pct_start=0.3,
        div_factor=25.,
        final_div_factor=1e4,
        by_epoch=True,
        begin=0,
        end=max_epochs,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingMomentum',
        eta_min=0.85,
        by_epoch=True,
        begin=0,
        end=_warmup_epochs,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingMomentum',
        eta_min=0.95,
        by_epoch=True,
        begin=_warmup_epochs,
        end=max_epochs,
        convert_to_iter_based=True),
]
auto_scale_lr = dict(base_batch_size=16)
