"""The task libraries our configs run in, picked by ``default_scope``."""
import importlib

from mmengine import registry as mmengine_registry
from mmengine.registry import Registry

# default_scope -> the package whose registries it names; video prediction
# has no task library and runs in our own scope.
TASK_SCOPES = ('mmpretrain', 'mmdet', 'mmseg', 'mmpose', 'mogaseg')


def task_registry(scope: str, name: str) -> Registry:
    """The ``name`` registry (``'MODELS'``, ``'DATASETS'``,
    ``'VISUALIZERS'``, ...) of the task library of ``scope``; MMEngine's
    own where our scope has none of that kind.

    Raises:
        ValueError: ``scope`` is not one of :data:`TASK_SCOPES`.
    """
    if scope not in TASK_SCOPES:
        raise ValueError(f'default_scope must be one of {TASK_SCOPES}, '
                         f'got {scope!r}')
    module = importlib.import_module(f'{scope}.registry')
    # (not ``or``: a registry whose modules are not imported yet is empty,
    # and so falsy)
    registry = getattr(module, name, None)
    return getattr(mmengine_registry, name) if registry is None else registry
