# ImageNet-21K pre-training with Swin Transformer's recipe
# (microsoft/Swin-Transformer configs/swin/swin_large_patch4_window7_224_22k
# .yaml on its config.py defaults, whose code the FocalNet release keeps):
# AdamW, lr 1e-3 for a total batch of 4096 (BASE_LR 1.25e-4 per 512,
# scaled linearly by main.py), weight decay 0.05 (none on biases and other
# 1-D parameters), gradient clipping at norm 5, 5 linear warm-up epochs from
# 1e-6, then cosine decay to 1e-5, 90 epochs, no validation.
optim_wrapper = dict(
    optimizer=dict(
        type='AdamW', lr=1e-3, weight_decay=0.05, eps=1e-8,
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
        T_max=85,
        eta_min=1e-5,
        by_epoch=True,
        begin=5,
        end=90,
        convert_to_iter_based=True),
]

train_cfg = dict(by_epoch=True, max_epochs=90)
val_cfg = None
test_cfg = dict()

auto_scale_lr = dict(base_batch_size=4096)
