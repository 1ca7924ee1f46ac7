# COCO 2017 person keypoints, top-down at 384x288: as
# coco_keypoints_256x192.py with 1/4-size heatmaps of 96x72 (sigma 2). The
# pipelines name the input size, so they are restated here.
_base_ = ['./coco_keypoints_256x192.py']

codec = dict(
    type='MSRAHeatmap', input_size=(288, 384), heatmap_size=(72, 96), sigma=2)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='mogaseg.CheckKeypoints', num_keypoints=17),
    dict(type='GetBBoxCenterScale'),
    dict(type='RandomFlip', direction='horizontal'),
    dict(type='RandomHalfBody'),
    dict(type='RandomBBoxTransform'),
    dict(type='TopdownAffine', input_size=codec['input_size']),
    dict(type='GenerateTarget', encoder=codec),
    dict(type='PackPoseInputs'),
]
val_pipeline = [
    dict(type='LoadImage'),
    dict(type='mogaseg.CheckKeypoints', num_keypoints=17),
    dict(type='GetBBoxCenterScale'),
    dict(type='TopdownAffine', input_size=codec['input_size']),
    dict(type='PackPoseInputs'),
]
test_pipeline = val_pipeline
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
