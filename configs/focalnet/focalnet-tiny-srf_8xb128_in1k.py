# FocalNet-T (SRF: focal levels 2, kernels 3 and 5), ImageNet-1k, 300 epochs,
# 8 GPUs x 128 images.
# Published: 28.4M params, 4.4G FLOPs, 82.1 top-1.
#
# The recipe of the paper (Swin's, which the release's config.py keeps in
# comments): AdamW, lr 1e-3 for the total batch of 1024, weight decay 0.05
# (none on norms, biases and other 1-D parameters), 20 linear warm-up epochs
# from 1e-6, cosine decay to 1e-5, gradient clipping at norm 5; RandAugment
# m9 (mstd 0.5, increasing), random erasing 0.25, evaluation at a short side
# of 256 with a 224 centre crop. Stochastic depth 0.2 (T), 0.3 (S), 0.5 (B).
_base_ = [
    '../_base_/models/focalnet_in1k.py',
    'mmpretrain::_base_/datasets/imagenet_bs64_swin_224.py',
    'mmpretrain::_base_/schedules/imagenet_bs1024_adamw_swin.py',
    '../_base_/cls_runtime.py',
]

model = dict(
    backbone=dict(arch='tiny-srf', drop_path_rate=0.2),
    head=dict(in_channels=768),
)
train_dataloader = dict(batch_size=128, num_workers=8)
val_dataloader = dict(batch_size=128, num_workers=8)
test_dataloader = val_dataloader
optim_wrapper = dict(clip_grad=dict(max_norm=5.0))
