# The generated demo dataset (tools/run_demo.py writes it): four shape
# classes on 128x128 px images in the COCO layout, read by mmdet's
# CocoDataset and scored by CocoMetric exactly as the real COCO.
_base_ = ['mmdet::_base_/datasets/coco_instance.py']

data_root = 'data/demo_coco/'
metainfo = dict(classes=('circle', 'square', 'triangle', 'cross'))

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations', with_bbox=True, with_mask=True),
    dict(type='Resize', scale=(128, 128), keep_ratio=True),
    dict(type='RandomFlip', prob=0.5, direction=['horizontal', 'vertical']),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=(128, 128), keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True, with_mask=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor')),
]
train_dataloader = dict(
    batch_size=4,
    num_workers=2,
    # Workers that live across epochs would carry their random state from
    # one epoch into the next, which a resumed run cannot replay
    # (mogaseg.EpochSeedHook): new ones each epoch keep --resume exact.
    persistent_workers=False,
    dataset=dict(
        data_root=data_root, metainfo=metainfo, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=4,
    num_workers=2,
    dataset=dict(
        data_root=data_root, metainfo=metainfo, pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val2017.json')
test_evaluator = val_evaluator
