# MOAT classifier for ImageNet-1k with the published head: global average
# pooling and a LayerNorm (in the backbone: gap_before_final_norm=True, so no
# neck) and a linear layer (the release's 1x1 conv on the pooled feature);
# initialised with normal(0, 0.02) weights and zero biases like the release.
# Trained with label smoothing 0.1 and Mixup 0.8 / CutMix 1.0 (the house
# recipe, see the leaf configs).
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='mogaseg.MOAT',
        arch='moat-0',
        drop_path_rate=0.2,
        # the release's classifiers pool the down-sampling shortcut 2x2
        pool_size=2,
        gap_before_final_norm=True),
    neck=None,
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=768,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        init_cfg=dict(type='Normal', layer='Linear', std=.02, bias=0.),
        cal_acc=False),
    train_cfg=dict(augments=[
        dict(type='Mixup', alpha=0.8),
        dict(type='CutMix', alpha=1.0),
    ]),
)
