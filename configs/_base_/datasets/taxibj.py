# TaxiBJ crowd flows (in and out, 32x32), 4 frames in, 4 out, from the
# release's data/taxibj/dataset.npz (X_train, Y_train, X_test, Y_test).
_base_ = ['./video_loaders.py']

dataset_type = 'mogaseg.TaxiBJ'
data_root = 'data/taxibj'
train_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
test_dataloader = val_dataloader
