"""Registries of the ``mogaseg`` scope.

Each registry is a child of MMEngine's root registry of the same kind, so a
config whose ``default_scope`` is ``mmpretrain``, ``mmdet`` or ``mmseg`` can
name one of our modules with the scope prefix, e.g.
``backbone=dict(type='mogaseg.MogaNet')``: MMEngine imports
``mogaseg.registry`` on the first such lookup, and ``locations`` then imports
the modules that register themselves here.

Video prediction has no task library, so its configs run in our own scope
(``default_scope = 'mogaseg'``). Every kind of registry the Runner builds
from therefore has a child here too, as in each OpenMMLab library: the
Runner finds MMEngine's optimizers, schedulers, samplers and loops through
them, without its fallback warnings.
"""
from mmengine import registry as mmengine
from mmengine.registry import Registry


def _child(name: str, root: Registry, *locations: str) -> Registry:
    return Registry(name, parent=root, scope='mogaseg',
                    locations=list(locations))


# What the package registers its own modules into.
MODELS = _child('model', mmengine.MODELS, 'mogaseg.models')
HOOKS = _child('hook', mmengine.HOOKS, 'mogaseg.engine')
TRANSFORMS = _child('transform', mmengine.TRANSFORMS, 'mogaseg.datasets')
DATASETS = _child('dataset', mmengine.DATASETS, 'mogaseg.datasets')
METRICS = _child('metric', mmengine.METRICS, 'mogaseg.evaluation')
OPTIM_WRAPPER_CONSTRUCTORS = _child('optimizer wrapper constructor',
                                    mmengine.OPTIM_WRAPPER_CONSTRUCTORS,
                                    'mogaseg.engine.optimizers')

# MMEngine's own components, found from the mogaseg scope.
RUNNERS = _child('runner', mmengine.RUNNERS)
RUNNER_CONSTRUCTORS = _child('runner constructor',
                             mmengine.RUNNER_CONSTRUCTORS)
LOOPS = _child('loop', mmengine.LOOPS)
DATA_SAMPLERS = _child('data sampler', mmengine.DATA_SAMPLERS)
MODEL_WRAPPERS = _child('model_wrapper', mmengine.MODEL_WRAPPERS)
WEIGHT_INITIALIZERS = _child('weight initializer',
                             mmengine.WEIGHT_INITIALIZERS)
OPTIMIZERS = _child('optimizer', mmengine.OPTIMIZERS)
OPTIM_WRAPPERS = _child('optim_wrapper', mmengine.OPTIM_WRAPPERS)
PARAM_SCHEDULERS = _child('parameter scheduler', mmengine.PARAM_SCHEDULERS)
EVALUATOR = _child('evaluator', mmengine.EVALUATOR)
TASK_UTILS = _child('task util', mmengine.TASK_UTILS)
VISUALIZERS = _child('visualizer', mmengine.VISUALIZERS)
VISBACKENDS = _child('vis_backend', mmengine.VISBACKENDS)
LOG_PROCESSORS = _child('log_processor', mmengine.LOG_PROCESSORS)
FUNCTIONS = _child('function', mmengine.FUNCTIONS)
STRATEGIES = _child('strategy', mmengine.STRATEGIES, 'mogaseg.engine')
INFERENCERS = _child('inferencer', mmengine.INFERENCERS)
