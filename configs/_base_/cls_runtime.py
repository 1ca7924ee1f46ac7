# Image classification runs in mmpretrain's scope; our backbones are named
# with the scope prefix, e.g. type='mogaseg.MogaNet'.
_base_ = ['./default_runtime.py']

default_scope = 'mmpretrain'
custom_imports = dict(imports=['mogaseg.utils.register_all'], allow_failed_imports=False)

default_hooks = dict(
    checkpoint=dict(save_best='auto'),
    visualization=dict(type='VisualizationHook', enable=False),
)
visualizer = dict(
    type='UniversalVisualizer', vis_backends={{_base_.vis_backends}})
