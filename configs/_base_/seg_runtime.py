# Semantic segmentation runs in mmseg's scope, iteration-based; our
# backbones are named with the scope prefix, e.g. type='mogaseg.MogaNet'.
_base_ = ['./default_runtime.py']

default_scope = 'mmseg'
custom_imports = dict(imports=['mogaseg.utils.register_all'], allow_failed_imports=False)

default_hooks = dict(
    logger=dict(interval=50, log_metric_by_epoch=False),
    checkpoint=dict(
        by_epoch=False, interval=16000, max_keep_ckpts=1, save_best='mIoU'),
    visualization=dict(type='SegVisualizationHook'),
)
visualizer = dict(
    type='SegLocalVisualizer',
    vis_backends={{_base_.vis_backends}},
    name='visualizer')
log_processor = dict(by_epoch=False)
tta_model = dict(type='SegTTAModel')
