# Moving MNIST, 10 frames in, 10 out (64x64, two digits), in the release's
# layout:
#   data/moving_mnist/train-images-idx3-ubyte.gz  MNIST's training digits;
#       every training sequence is generated anew from them
#   data/moving_mnist/mnist_test_seq.npy          the fixed 10000 test
#       sequences, uint8 (20, 10000, 64, 64)
_base_ = ['./video_loaders.py']

dataset_type = 'mogaseg.MovingMNIST'
data_root = 'data/moving_mnist'
train_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
test_dataloader = val_dataloader
