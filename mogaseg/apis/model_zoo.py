"""The published models by name: ``list_models`` and ``get_model``.

The names are the configs' file names, as ``model-index.yml`` (and the
metafiles it includes) lists them with their published metrics and
weights. :func:`mogaseg.utils.register_all_modules` also registers our
classifiers with mmpretrain's ``ModelHub``
(:func:`register_with_mmpretrain`), so that ``mmpretrain.get_model`` /
``list_models`` and its inferencers find them by name too.
"""
import difflib
import fnmatch
import functools
import os
import os.path as osp
import warnings
from typing import Dict, List, Optional, Union

import torch.nn as nn
from mmengine.config import Config
from modelindex.load_model_index import load
from modelindex.models.Model import Model

from mogaseg.errors import CheckpointReadError
from mogaseg.utils import register_all_modules
from mogaseg.utils.project_files import project_path
from .inference import init_model

# The source checkout's index, else the installed package's copy in .mim.
MODEL_INDEX = project_path('model-index.yml')

# The task libraries' names of the tasks (as in their metafiles).
_TASKS = {
    'mmpretrain': ('Image Classification', ),
    'mmdet': ('Object Detection', 'Instance Segmentation'),
    'mmseg': ('Semantic Segmentation', ),
    'mmpose': ('Body 2D Keypoint', ),
    'mogaseg': ('Video Prediction', ),
}


@functools.lru_cache()
def _index() -> Dict[str, Model]:
    if not osp.isfile(MODEL_INDEX):
        raise FileNotFoundError(
            f'the model index {MODEL_INDEX} is not there: this copy of '
            'mogaseg is neither a source checkout nor an install of its '
            'wheel (which carries it in mogaseg/.mim); reinstall it')
    index = load(MODEL_INDEX)
    index.build_models_with_collections()
    root = osp.dirname(MODEL_INDEX)
    models = {}
    for model in index.models:
        model.config = osp.join(root, model.config)
        models[model.name.lower()] = model
    return models


def _scope_of(model: Model) -> str:
    """The task library a model's config runs in, from its results' task
    (every row names one, also where nothing is published)."""
    for result in model.results or []:
        for scope, tasks in _TASKS.items():
            if result.task in tasks:
                return scope
    return ''


def list_models(pattern: Optional[str] = None,
                task: Optional[str] = None) -> List[str]:
    """The names of the published models (every shipped config).

    Args:
        pattern (str, optional): A shell-style pattern (``'*moganet-t*'``);
            a plain word matches names that contain it.
        task (str, optional): A task library's scope ('mmpretrain',
            'mmdet', 'mmseg') or a task name as the metafiles give it
            ('Image Classification', 'Object Detection', ...).

    Example:
        >>> from mogaseg.apis import list_models
        >>> 'moganet-tiny_8xb128_in1k' in list_models('moganet-tiny',
        ...                                           task='mmpretrain')
        True
    """
    names = sorted(_index())
    if pattern:
        pattern = pattern.lower()
        if not any(c in pattern for c in '*?['):
            pattern = f'*{pattern}*'
        names = fnmatch.filter(names, pattern)
    if task:
        scopes = [s for s, tasks in _TASKS.items()
                  if task == s or task.lower() in map(str.lower, tasks)]
        if not scopes:
            raise ValueError(f'unknown task {task!r}: use one of '
                             f'{list(_TASKS)} or a task name '
                             f'{[t for ts in _TASKS.values() for t in ts]}')
        names = [n for n in names if _scope_of(_index()[n]) in scopes]
    return names


def model_info(name: str) -> Model:
    """The model-index entry of a published model (config, weights,
    metadata and published results)."""
    model = _index().get(name.lower())
    if model is None:
        close = list_models(name.split('_')[0])[:5]
        raise ValueError(f'no published model named {name!r}' +
                         (f'; similar: {close}' if close else '') +
                         '. list_models() gives all names.')
    return model


def published_weights(name: str) -> str:
    """The URL of a published model's released weights."""
    weights = model_info(name).weights
    if not weights:
        raise ValueError(f'{name!r} has no published weights (its config '
                         'trains from scratch or from ImageNet weights)')
    return weights


def resolve_checkpoint(checkpoint: str) -> str:
    """A checkpoint argument as tools take it: a file, an http(s) URL, or
    the name of a published model (its weights' URL).

    Raises:
        CheckpointReadError: ``checkpoint`` looks like a model name (no
            folder, no extension) and no published model has it; the
            message lists the closest names. A missing path is returned as
            it is, for the loader to report.
    """
    if osp.isfile(checkpoint) or checkpoint.startswith(
            ('http://', 'https://')):
        return checkpoint
    if checkpoint.lower() in _index():
        return published_weights(checkpoint)
    if '/' in checkpoint or os.sep in checkpoint or \
            osp.splitext(checkpoint)[1]:
        return checkpoint  # the loader reports a missing file
    close = difflib.get_close_matches(checkpoint.lower(), _index(), n=5,
                                      cutoff=0.5)
    raise CheckpointReadError(
        f'checkpoint {checkpoint!r} is neither a file, an http(s) URL nor a '
        'published model name' +
        (f'; the closest names: {", ".join(close)}' if close else '') +
        '. mogaseg.apis.list_models() lists all names.')


def get_model(model: Union[str, Config],
              pretrained: Union[bool, str] = False,
              device: str = 'cpu',
              deploy: bool = True,
              cfg_options: Optional[dict] = None) -> nn.Module:
    """A published model, or any config's, ready for inference.

    Args:
        model (str | Config): A published model's name (see
            :func:`list_models`), a config file or a loaded config.
        pretrained (bool | str): True loads the model's published weights
            (downloaded once into torch's hub cache, then converted from
            the release's layout while loading); a path, URL or another
            model's name loads those. False keeps the initialisation.
        device (str): Where the model goes. Defaults to 'cpu'.
        deploy (bool): Fold BatchNorms and layer scales for inference
            (the same outputs, faster); False to fine-tune. Defaults to True.
        cfg_options (dict, optional): Overrides merged into the config.

    Returns:
        nn.Module: The classifier, detector or segmentor in eval mode, with
        ``cfg`` and ``dataset_meta``.

    Example:
        >>> from mogaseg.apis import get_model
        >>> model = get_model('moganet-tiny_8xb128_in1k', pretrained=True)
    """
    register_all_modules(init_default_scope=False)
    name = model if isinstance(model, str) and \
        model.lower() in _index() else None
    config = model_info(name).config if name else model
    if pretrained is True:
        if name is None:
            raise ValueError('pretrained=True needs a published model\'s '
                             'name; give a config a checkpoint path or URL')
        checkpoint = published_weights(name)
    elif pretrained:
        checkpoint = resolve_checkpoint(pretrained)
    else:
        checkpoint = None
    return init_model(config, checkpoint, device, cfg_options, deploy)


def register_with_mmpretrain() -> None:
    """Let ``mmpretrain.get_model`` / ``list_models`` and its inferencers
    find our classifiers by name. Called by
    :func:`mogaseg.utils.register_all_modules`; a second call adds nothing.

    Does nothing where mmpretrain is not installed or where the model index
    is not there (a broken install: the checkout and the wheel have it)."""
    if not osp.isfile(MODEL_INDEX):
        return
    try:
        from mmpretrain.apis.model import ModelHub
    except ImportError:
        return
    classifiers = {
        name: model
        for name, model in _index().items()
        if _scope_of(model) == 'mmpretrain'
    }
    _add_to_model_hub(ModelHub, classifiers)


def _add_to_model_hub(hub: type, models: Dict[str, Model]) -> None:
    """Add ``models`` (lower-case name: entry, config paths absolute) to
    mmpretrain's ``ModelHub`` table, leaving names it has as they are.

    The one place that touches mmpretrain's internals, because its public
    ``ModelHub.register_model_index(path)`` takes a whole model-index file:
    ours lists the detectors, segmentors and pose models too, which
    mmpretrain's ``get_model`` and inferencers cannot run (and it raises on
    a second registration of the same file). ``ModelHub.has`` / ``get``
    read the same table, a class attribute in mmpretrain 1.0 to 1.2.
    ``tests/test_utils/test_setup_env.py`` checks this against the installed
    mmpretrain, and fails when it changes.
    """
    table = getattr(hub, '_models_dict', None)
    if not isinstance(table, dict) or not callable(getattr(hub, 'has', None)):
        # Everything else works without the names: warn, do not stop.
        warnings.warn(
            'this mmpretrain has no ModelHub._models_dict table: '
            "mmpretrain's get_model / list_models will not know mogaseg's "
            'model names (mogaseg.apis.get_model does); update '
            'mogaseg.apis.model_zoo._add_to_model_hub')
        return
    for name, model in models.items():
        if not hub.has(name):
            table[name] = model
