# mmdet's 1x schedule (12 epochs, lr x0.1 at epochs 8 and 11, 500 warm-up
# iterations) with the MogaNet detectors' AdamW: lr 2e-4 for 16 images,
# weight decay 0.05, none on layer scales, element scales and norms.
_base_ = ['mmdet::_base_/schedules/schedule_1x.py']

optim_wrapper = dict(
    optimizer=dict(
        _delete_=True,
        type='AdamW',
        lr=2e-4,
        betas=(0.9, 0.999),
        weight_decay=0.05),
    paramwise_cfg=dict(
        custom_keys={
            'layer_scale': dict(decay_mult=0.),
            'scale': dict(decay_mult=0.),
            'norm': dict(decay_mult=0.),
        }),
)
