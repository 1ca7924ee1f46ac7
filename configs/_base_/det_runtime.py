# Detection and instance segmentation run in mmdet's scope; our backbones
# are named with the scope prefix, e.g. type='mogaseg.MogaNet'.
_base_ = ['./default_runtime.py']

default_scope = 'mmdet'
custom_imports = dict(imports=['mogaseg.utils.register_all'], allow_failed_imports=False)

default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(max_keep_ckpts=1, save_best='auto'),
    # tools/test.py --show-dir draws the predictions into PNG files
    visualization=dict(type='mogaseg.PNGDetVisualizationHook'),
)
visualizer = dict(
    type='DetLocalVisualizer',
    vis_backends={{_base_.vis_backends}},
    name='visualizer')
log_processor = dict(type='LogProcessor', window_size=50, by_epoch=True)
