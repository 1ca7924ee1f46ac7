# The generated demo dataset (tools/run_demo.py seg writes it): shapes on
# 128x128 px images in the ADE20K layout and label values, read by mmseg's
# ADE20KDataset (150 classes, reduce_zero_label) and scored by IoUMetric
# exactly as the real ADE20K.
_base_ = ['./ade20k.py']

data_root = 'data/demo_ade20k'
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='mogaseg.CheckSegLabels', num_classes=150),
    dict(type='RandomFlip', prob=0.5, direction=['horizontal', 'vertical']),
    dict(type='PackSegInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', reduce_zero_label=True),
    dict(type='mogaseg.CheckSegLabels', num_classes=150),
    dict(type='PackSegInputs'),
]
train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    dataset=dict(data_root=data_root, pipeline=test_pipeline))
test_dataloader = val_dataloader
