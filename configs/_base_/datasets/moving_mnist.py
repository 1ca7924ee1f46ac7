# Moving MNIST, 10 frames in, 10 out (64x64, two digits), in the release's
# layout:
#   data/moving_mnist/train-images-idx3-ubyte.gz  MNIST's training digits;
#       every training sequence is generated anew from them
#   data/moving_mnist/mnist_test_seq.npy          the fixed 10000 test
#       sequences, uint8 (20, 10000, 64, 64)
# The release validates on the test set after every epoch.
dataset_type = 'mogaseg.MovingMNIST'
data_root = 'data/moving_mnist'

train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    # New workers each epoch (mogaseg.EpochSeedHook gives them seed + epoch):
    # new training sequences every epoch, and --resume replays them.
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
