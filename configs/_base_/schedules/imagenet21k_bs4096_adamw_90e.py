# ImageNet-21K pre-training: AdamW, lr 4e-3 for a total batch of 4096,
# weight decay 0.05 (none on norms and biases), 5 linear warm-up epochs then
# cosine decay to 1e-6, 90 epochs, no validation. These are ConvNeXt's
# ImageNet-22K values (facebookresearch/ConvNeXt TRAINING.md and main.py
# defaults), not a published MogaNet recipe.
optim_wrapper = dict(
    optimizer=dict(
        type='AdamW', lr=4e-3, weight_decay=0.05, eps=1e-8,
        betas=(0.9, 0.999)),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0),
)

param_scheduler = [
    # ConvNeXt warms up from 0; LinearLR needs a positive start
    dict(
        type='LinearLR',
        start_factor=1e-3,
        by_epoch=True,
        end=5,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        T_max=85,
        eta_min=1e-6,
        by_epoch=True,
        begin=5,
        end=90,
        convert_to_iter_based=True),
]

train_cfg = dict(by_epoch=True, max_epochs=90)
val_cfg = None
test_cfg = dict()

auto_scale_lr = dict(base_batch_size=4096)
