"""Registries of the ``mogaseg`` scope.

Each registry is a child of MMEngine's root registry of the same kind, so a
config whose ``default_scope`` is ``mmpretrain``, ``mmdet`` or ``mmseg`` can
name one of our modules with the scope prefix, e.g.
``backbone=dict(type='mogaseg.MogaNet')``: MMEngine imports
``mogaseg.registry`` on the first such lookup, and ``locations`` then imports
the modules that register themselves here. Add a registry here (a child of
the MMEngine root of its kind) when the package first registers such a thing.
"""
from mmengine.registry import DATASETS as MMENGINE_DATASETS
from mmengine.registry import HOOKS as MMENGINE_HOOKS
from mmengine.registry import METRICS as MMENGINE_METRICS
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmengine.registry import \
    OPTIM_WRAPPER_CONSTRUCTORS as MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS
from mmengine.registry import Registry
from mmengine.registry import TRANSFORMS as MMENGINE_TRANSFORMS

MODELS = Registry(
    'model',
    parent=MMENGINE_MODELS,
    scope='mogaseg',
    locations=['mogaseg.models'])
HOOKS = Registry(
    'hook',
    parent=MMENGINE_HOOKS,
    scope='mogaseg',
    locations=['mogaseg.engine'])
TRANSFORMS = Registry(
    'transform',
    parent=MMENGINE_TRANSFORMS,
    scope='mogaseg',
    locations=['mogaseg.datasets'])
DATASETS = Registry(
    'dataset',
    parent=MMENGINE_DATASETS,
    scope='mogaseg',
    locations=['mogaseg.datasets'])
METRICS = Registry(
    'metric',
    parent=MMENGINE_METRICS,
    scope='mogaseg',
    locations=['mogaseg.evaluation'])
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
    scope='mogaseg',
    locations=['mogaseg.engine.optimizers'])
