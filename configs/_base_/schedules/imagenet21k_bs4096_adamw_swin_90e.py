# ImageNet-21K pre-training with Swin Transformer's recipe
# (microsoft/Swin-Transformer configs/swin/swin_large_patch4_window7_224_22k
# .yaml on its config.py defaults, whose code the FocalNet release keeps):
# AdamW, lr 1e-3 for a total batch of 4096 (BASE_LR 1.25e-4 per 512,
# scaled linearly by main.py), weight decay 0.05 (none on biases and other
# 1-D parameters), gradient clipping at norm 5, 5 linear warm-up epochs from
# 1e-6, then cosine decay to 1e-5, 90 epochs, no validation.
# Everything else as imagenet21k_bs4096_adamw_90e.py, which it inherits.
_base_ = ['./imagenet21k_bs4096_adamw_90e.py']

optim_wrapper = dict(
    optimizer=dict(lr=1e-3),
    paramwise_cfg=dict(flat_decay_mult=0.0),
    clip_grad=dict(max_norm=5.0),
)
param_scheduler = _base_.param_scheduler
param_scheduler[1].eta_min = 1e-5  # CosineAnnealingLR
