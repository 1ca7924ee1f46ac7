# ImageNet-1k classifier for any backbone family: global average pooling
# and a linear head, trained with label smoothing 0.1 and Mixup 0.8 / CutMix
# 1.0 (the MogaNet recipe's defaults, also the FocalNet and VAN releases').
# The family's config sets the backbone and the head's in_channels.
model = dict(
    type='ImageClassifier',
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=1000,
        in_channels=256,
        loss=dict(
            type='LabelSmoothLoss', label_smooth_val=0.1, mode='original'),
        init_cfg=dict(type='TruncNormal', layer='Linear', std=.02, bias=0.),
        cal_acc=False),
    train_cfg=dict(augments=[
        dict(type='Mixup', alpha=0.8),
        dict(type='CutMix', alpha=1.0),
    ]),
)
