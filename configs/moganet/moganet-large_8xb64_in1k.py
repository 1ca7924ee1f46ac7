# MogaNet-Large, ImageNet-1k, 300 epochs, 8 GPUs x 64 images (lr 1e-3 for
# the total batch of 512), EMA weights.
# Published: 82.5M params, 15.9G FLOPs, 84.7 top-1.
_base_ = ['./moganet-small_8xb128_in1k.py']

model = dict(
    backbone=dict(arch='large', drop_path_rate=0.3),
    head=dict(in_channels=640),
)
train_dataloader = dict(batch_size=64)
val_dataloader = dict(batch_size=64)
test_dataloader = val_dataloader
auto_scale_lr = dict(base_batch_size=512)
