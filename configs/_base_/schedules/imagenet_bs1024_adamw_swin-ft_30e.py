# ImageNet-21K -> ImageNet-1k fine-tuning with Swin Transformer's recipe
# (microsoft/Swin-Transformer configs/swin/
# swin_large_patch4_window12_384_22kto1k_finetune.yaml on its config.py
# defaults, with get_started.md's 8 GPUs x 64 images x 2 accumulation
# steps): AdamW, lr 4e-5 for a total batch of 1024 (BASE_LR 2e-5 per 512,
# scaled linearly by main.py), weight decay 1e-8 (none on biases and other
# 1-D parameters), gradient clipping at norm 5, 5 linear warm-up epochs
# from 4e-8, then cosine decay to 4e-7, 30 epochs.
optim_wrapper = dict(
    optimizer=dict(
        type='AdamW', lr=4e-5, weight_decay=1e-8, eps=1e-8,
        betas=(0.9, 0.999)),
    paramwise_cfg=dict(
        norm_decay_mult=0.0, bias_decay_mult=0.0, flat_decay_mult=0.0),
    clip_grad=dict(max_norm=5.0),
)

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-3,
        by_epoch=True,
        end=5,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        T_max=25,
        eta_min=4e-7,
        by_epoch=True,
        begin=5,
        end=30,
        convert_to_iter_based=True),
]

train_cfg = dict(by_epoch=True, max_epochs=30, val_interval=1)
val_cfg = dict()
test_cfg = dict()

auto_scale_lr = dict(base_batch_size=1024)
