"""The task libraries our configs run in, picked by ``default_scope``."""
import importlib

from mmengine.registry import Registry

# default_scope -> the package whose registries it names
TASK_SCOPES = ('mmpretrain', 'mmdet', 'mmseg', 'mmpose')


def task_registry(scope: str, name: str) -> Registry:
    """The ``name`` registry (``'MODELS'``, ``'DATASETS'``,
    ``'VISUALIZERS'``, ...) of the task library of ``scope``.

    Raises:
        ValueError: ``scope`` is not one of :data:`TASK_SCOPES`.
    """
    if scope not in TASK_SCOPES:
        raise ValueError(f'default_scope must be one of {TASK_SCOPES}, '
                         f'got {scope!r}')
    return getattr(importlib.import_module(f'{scope}.registry'), name)
