# Top-down heatmap pose estimator (mmpose's TopdownPoseEstimator with a
# HeatmapHead: three 4x4 deconvolutions of 256 channels and a 1x1 conv to
# the 17 COCO keypoints, MSE loss weighted by visibility) on the last stage
# of a MogaNet, as the release's TopdownHeatmapSimpleHead on in_index=3.
# Test-time: the flipped image's heatmaps are averaged in, shifted by one
# pixel. Leaf configs set the arch, drop path, the head's in_channels and,
# for another input size, its decoder.
model = dict(
    type='TopdownPoseEstimator',
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(
        type='mogaseg.MogaNet',
        arch='tiny',
        # the head reads the last stage; the other outputs (their norms)
        # are kept so that the release's checkpoints load key for key
        out_indices=(0, 1, 2, 3),
        drop_path_rate=0.15),
    head=dict(
        type='HeatmapHead',
        in_channels=256,
        out_channels=17,
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=dict(
            type='MSRAHeatmap',
            input_size=(192, 256),
            heatmap_size=(48, 64),
            sigma=2)),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))
