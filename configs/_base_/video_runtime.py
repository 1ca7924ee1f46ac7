# Video prediction has no task library: it runs in our own scope, where the
# model (mogaseg.SimVP), the datasets and the metric are registered, and
# MMEngine's own components (optimizers, schedulers, samplers) are found
# through the parent registries.
_base_ = ['./default_runtime.py']

default_scope = 'mogaseg'
custom_imports = dict(imports=['mogaseg.utils.register_all'], allow_failed_imports=False)

default_hooks = dict(
    # the best checkpoint by the test-set MSE, as the release picks it
    checkpoint=dict(save_best='video/mse', rule='less'),
    # tools/test.py --show-dir turns it on
    visualization=dict(type='mogaseg.VideoVisualizationHook', enable=False),
)
visualizer = dict(type='Visualizer', vis_backends={{_base_.vis_backends}})
