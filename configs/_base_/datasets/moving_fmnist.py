# Moving Fashion-MNIST: Moving MNIST's protocol with Fashion-MNIST's
# garments, in the release's layout:
#   data/moving_fmnist/train-images-idx3-ubyte.gz  Fashion-MNIST's training
#       images
#   data/moving_fmnist/fmnist_test_seq.npy         the fixed test sequences
_base_ = ['./moving_mnist.py']

dataset_type = 'mogaseg.MovingFashionMNIST'
data_root = 'data/moving_fmnist'
train_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
val_dataloader = dict(dataset=dict(type=dataset_type, data_root=data_root))
test_dataloader = val_dataloader
