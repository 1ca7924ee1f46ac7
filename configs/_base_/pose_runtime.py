# 2D pose estimation runs in mmpose's scope; our backbones are named with the
# scope prefix, e.g. type='mogaseg.MogaNet'.
_base_ = ['./default_runtime.py']

default_scope = 'mmpose'
custom_imports = dict(imports=['mogaseg.utils.register_all'], allow_failed_imports=False)

default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(max_keep_ckpts=1, save_best='coco/AP', rule='greater'),
    # tools/test.py --show-dir draws the predicted keypoints into PNG files
    visualization=dict(type='PoseVisualizationHook', enable=False),
)
# mmpose 1.3's OpenCV drawing turns one-element arrays into ints, which
# numpy >= 2.4 refuses; its matplotlib drawing does not.
visualizer = dict(
    type='PoseLocalVisualizer',
    backend='matplotlib',
    vis_backends={{_base_.vis_backends}},
    name='visualizer')
log_processor = dict(type='LogProcessor', window_size=50, by_epoch=True)
