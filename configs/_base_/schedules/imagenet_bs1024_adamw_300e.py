# AdamW, lr 1e-3 for a total batch of 1024, 5 linear warm-up epochs from
# 1e-5 then cosine decay to 1e-6 over 300 epochs; no weight decay on norms
# and biases.
optim_wrapper = dict(
    optimizer=dict(
        type='AdamW', lr=1e-3, weight_decay=0.05, eps=1e-8,
        betas=(0.9, 0.999)),
    paramwise_cfg=dict(norm_decay_mult=0.0, bias_decay_mult=0.0),
)

param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=1e-2,
        by_epoch=True,
        end=5,
        convert_to_iter_based=True),
    dict(
        type='CosineAnnealingLR',
        T_max=295,
        eta_min=1e-6,
        by_epoch=True,
        begin=5,
        end=300),
]

train_cfg = dict(by_epoch=True, max_epochs=300, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# The lr above is for 8 GPUs x 128 images; --auto-scale-lr rescales it
# linearly to the actual total batch size.
auto_scale_lr = dict(base_batch_size=1024)
