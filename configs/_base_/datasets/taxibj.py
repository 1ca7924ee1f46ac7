# TaxiBJ crowd flows (in and out, 32x32), 4 frames in, 4 out, from the
# release's data/taxibj/dataset.npz (X_train, Y_train, X_test, Y_test).
dataset_type = 'mogaseg.TaxiBJ'
data_root = 'data/taxibj'

train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type=dataset_type, data_root=data_root, split='train'),
)
val_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type=dataset_type, data_root=data_root, split='test'),
)
test_dataloader = val_dataloader
val_evaluator = dict(
    type='mogaseg.VideoPredictionMetric',
    metric=('mse', 'mae', 'ssim', 'psnr'))
test_evaluator = val_evaluator
