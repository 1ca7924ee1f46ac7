# The generated demo dataset (tools/run_demo.py writes it): eight shape
# classes at 64x64 px in the ImageNet layout, read by mmpretrain's ImageNet
# dataset exactly as the real one.
dataset_type = 'ImageNet'
data_root = 'data/demo_imagenet'
classes = data_root + '/meta/classes.txt'
data_preprocessor = dict(
    num_classes=8,
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True,
)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=16,
    num_workers=2,
    # Workers that live across epochs would carry their random state from
    # one epoch into the next, which a resumed run cannot replay
    # (mogaseg.EpochSeedHook): new ones each epoch keep --resume exact.
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        classes=classes,
        pipeline=train_pipeline),
)
val_dataloader = dict(
    batch_size=50,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='val',
        classes=classes,
        pipeline=test_pipeline),
)
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_dataloader = val_dataloader
test_evaluator = val_evaluator
