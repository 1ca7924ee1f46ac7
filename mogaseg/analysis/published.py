"""The published implementations as a benchmark baseline.

A user points at a local checkout of a release (its model file); the model
is built from it by the release's own factory function, given random
weights, and the same weights are converted into our classifier with the
converters that load the released checkpoints. Both then map an image
batch to logits, checked equal before anything is timed.
"""
import importlib.util
import os.path as osp
import sys
from typing import Dict, Tuple

import torch
import torch.nn as nn
from mmengine.config import Config

from mogaseg.errors import ConfigError
from mogaseg.models.families import FAMILIES, BackboneFamily, PublishedModel
from mogaseg.utils.project_files import project_path
from .complexity import TensorForward


def published_models() -> Dict[str, Tuple[PublishedModel, BackboneFamily]]:
    """Name -> (the published model, its family), from every family's
    record."""
    return {
        name: (model, family)
        for family in FAMILIES.values()
        for name, model in family.published.items()
    }


def load_module_from_file(path: str):
    """Import a Python file by path (a release's model file)."""
    if not osp.isfile(path):
        raise ConfigError(f'no such file: {path}')
    name = f'published_{osp.splitext(osp.basename(path))[0]}'
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except ModuleNotFoundError as err:
        raise ConfigError(
            f'{path} needs the package {err.name!r} (the releases build on '
            'timm: pip install timm)') from err
    return module


def build_pair(name: str, release_file: str,
               seed: int = 0) -> Tuple[nn.Module, nn.Module]:
    """(ours, published) with the same random weights, both in eval mode,
    both mapping an image batch to logits.

    Ours (a :class:`TensorForward` of the classifier) is built from our
    ImageNet config as ``init_model`` and the Runner build it; the
    published one by the release's factory in ``release_file``, with the
    config's ``drop_path_rate``.
    """
    from mogaseg.apis import build_model_from_config
    published_ = published_models()
    if name not in published_:
        raise ConfigError(f'{name!r}: published baselines are known for '
                          f'{", ".join(published_)}')
    spec, family = published_[name]
    module = load_module_from_file(release_file)
    factory = getattr(module, spec.factory, None)
    if factory is None:
        raise ConfigError(
            f'{release_file} has no {spec.factory}(): expected '
            f'{spec.release_file}')
    ours_cfg = Config.fromfile(project_path(spec.config))
    # the same stochastic depth in both (the factories' defaults differ
    # from the training recipes)
    drop_path_rate = ours_cfg.model.backbone.get('drop_path_rate', 0.)
    torch.manual_seed(seed)
    published = factory(pretrained=False, drop_path_rate=drop_path_rate)
    ours = build_model_from_config(ours_cfg)
    # the release's weights, through the converter of its checkpoints
    missing, unexpected = ours.load_state_dict(
        family.convert_classifier(published.state_dict()), strict=False)
    # mmpretrain's data preprocessor has buffers only; nothing else may miss
    missing = [k for k in missing if not k.startswith('data_preprocessor.')]
    if missing or unexpected:
        raise ConfigError(f'converted weights do not fit {spec.config}: '
                          f'missing {missing[:5]}, unexpected '
                          f'{unexpected[:5]}')
    return TensorForward(ours, (224, 224)).eval(), published.eval()


def max_logit_difference(ours: nn.Module, published: nn.Module,
                         images: torch.Tensor) -> float:
    with torch.no_grad():
        return (ours(images) - published(images)).abs().max().item()
