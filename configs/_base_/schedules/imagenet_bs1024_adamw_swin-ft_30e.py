# ImageNet-21K -> ImageNet-1k fine-tuning with Swin Transformer's recipe
# (microsoft/Swin-Transformer configs/swin/
# swin_large_patch4_window12_384_22kto1k_finetune.yaml on its config.py
# defaults, with get_started.md's 8 GPUs x 64 images x 2 accumulation
# steps): AdamW, lr 4e-5 for a total batch of 1024 (BASE_LR 2e-5 per 512,
# scaled linearly by main.py), weight decay 1e-8 (none on biases and other
# 1-D parameters), gradient clipping at norm 5, 5 linear warm-up epochs
# from 4e-8, then cosine decay to 4e-7, 30 epochs.
# The rest (optimizer, clipping, warm-up) as the 22K pre-training schedule,
# imagenet21k_bs4096_adamw_swin_90e.py, which it inherits.
_base_ = ['./imagenet21k_bs4096_adamw_swin_90e.py']

optim_wrapper = dict(optimizer=dict(lr=4e-5, weight_decay=1e-8))
param_scheduler = _base_.param_scheduler
param_scheduler[1].update(T_max=25, eta_min=4e-7, end=30)  # cosine
train_cfg = dict(max_epochs=30, val_interval=1)
val_cfg = dict(_delete_=True)  # an empty val_cfg: validation, unlike in 22K
auto_scale_lr = dict(base_batch_size=1024)
