# The generated demo dataset (tools/run_demo.py pose writes it): stick
# figures with the 17 COCO keypoints on 128x128 px images in the COCO
# layout, read by mmpose's CocoDataset and scored by CocoMetric exactly as
# the real COCO; validation crops the people of the generated detections
# file. Top-down crops of 128x96 (heatmaps 32x24).
_base_ = ['./coco_keypoints_256x192.py']

data_root = 'data/demo_coco_keypoints/'
codec = dict(
    type='MSRAHeatmap', input_size=(96, 128), heatmap_size=(24, 32), sigma=1)
train_pipeline = [
    dict(type='LoadImage'),
    dict(type='mogaseg.CheckKeypoints', num_keypoints=17),
    dict(type='GetBBoxCenterScale'),
    dict(type='RandomFlip', direction='horizontal'),
    dict(type='RandomBBoxTransform', rotate_factor=30.),
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
train_dataloader = dict(
    batch_size=16,
    # Workers that live across epochs would carry their random state from
    # one epoch into the next, which a resumed run cannot replay
    # (mogaseg.EpochSeedHook): new ones each epoch keep --resume exact.
    persistent_workers=False,
    dataset=dict(data_root=data_root, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=16,
    dataset=dict(
        data_root=data_root,
        bbox_file=data_root + 'person_detection_results/'
        'COCO_val2017_detections_AP_H_56_person.json',
        pipeline=val_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    ann_file=data_root + 'annotations/person_keypoints_val2017.json')
test_evaluator = val_evaluator
