# The loaders and metric every video prediction dataset shares: 16
# sequences a batch (the releases' single GPU), training workers started
# anew each epoch (mogaseg.EpochSeedHook gives them seed + epoch: new
# generated sequences every epoch, which --resume replays), evaluation on
# the test split (the releases validate on it), the published metrics.
# A dataset file sets each loader's dataset type and data_root.
train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(split='train'),
)
val_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(split='test'),
)
test_dataloader = val_dataloader
val_evaluator = dict(
    type='mogaseg.VideoPredictionMetric',
    metric=('mse', 'mae', 'ssim', 'psnr'))
test_evaluator = val_evaluator
