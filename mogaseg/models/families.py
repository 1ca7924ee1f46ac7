"""One record per backbone family, which every list of families reads.

A family registers one :class:`BackboneFamily` next to its backbone (the
bottom of ``backbones/<family>.py``): the backbone class, the key only its
weights have, the names the analysis tools take, its releases' file layouts
(timm-style checkpoint filters in ``backbones/<family>_release.py``: one
function per layout), extra load-time adapters, the published code the
benchmark compares with, and a small instance for the contract tests. The
checkpoint layer, the analysis tools and the test parametrisations iterate
over :data:`FAMILIES`; adding a backbone is one backbone file, one record,
configs and a metafile (``docs/adding_a_backbone.md``).

The checkpoint layer adds its checks to every load into a backbone through
:func:`register_load_checks`; the models never import it.
"""
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import (Callable, Dict, Iterable, List, Mapping, Optional,
                    Sequence, Tuple, Type, Union)

import torch.nn as nn

#: A released classifier's linear head -> mmpretrain's ``LinearClsHead``.
CLASSIFIER_HEAD = {'head.weight': 'head.fc.weight', 'head.bias': 'head.fc.bias'}

Checkpoint = Mapping
LoadHook = Callable[..., None]  # a load_state_dict pre-hook


@dataclass(frozen=True)
class ReleaseFormat:
    """One release's file layout.

    Args:
        name: What the file is, as the load reports it.
        matches: Whether a loaded checkpoint (a dict) is in this layout.
        convert: The checkpoint -> a state dict with the model's keys.
        added_prefix: The key prefix ``convert`` puts in front of the
            release's backbone keys (a released classifier's have none), so
            that the file still loads into a bare backbone, as it is.
    """
    name: str
    matches: Callable[[Checkpoint], bool]
    convert: Callable[[Checkpoint], Mapping]
    added_prefix: Optional[str] = None


@dataclass(frozen=True)
class PublishedModel:
    """A published model that the benchmark builds from a local checkout
    of its release (``tools/analysis/benchmark_published.py``)."""
    config: str  # our ImageNet config of the same model (project_path)
    factory: str  # the release's function that builds it
    release_file: str  # where the factory lives in the release


@dataclass(frozen=True)
class BackboneFamily:
    """What the package needs to know of one backbone family.

    Args:
        backbone: The registered backbone class.
        key_marker: A regular expression that matches a key (without any
            prefix) that only this family's backbone has.
        name_prefixes: The prefixes of the names the analysis tools take
            ('moganet-' in 'moganet-tiny'); the rest is the arch.
        arch_in_name: The whole name is the arch (MOAT's 'tiny-moat-0').
        release_formats: The releases' file layouts, tried in order.
        load_adapters: More ``load_state_dict`` pre-hooks for every load
            into the backbone (e.g. fitting kernels to another size).
        convert_classifier: A released classifier's state dict -> ours
            (for the published-code benchmark).
        published: Name -> :class:`PublishedModel`.
        test_kwargs: Arguments of a small instance (a few blocks) for the
            shared contract tests; it must take ``out_indices``,
            ``frozen_stages``, ``norm_eval`` and ``with_cp``.
        blocks: The backbone's repeated block classes: the units that
            sharded training (FSDP) shards one by one.
    """
    backbone: Type[nn.Module]
    key_marker: str
    name_prefixes: Tuple[str, ...] = ()
    arch_in_name: bool = False
    release_formats: Tuple[ReleaseFormat, ...] = ()
    load_adapters: Tuple[LoadHook, ...] = ()
    convert_classifier: Optional[Callable[[Mapping], Mapping]] = None
    published: Mapping[str, PublishedModel] = field(default_factory=dict)
    test_kwargs: Mapping = field(default_factory=dict)
    blocks: Tuple[Type[nn.Module], ...] = ()

    @property
    def name(self) -> str:
        return self.backbone.__name__

    @property
    def type_name(self) -> str:
        """The backbone's registered type, with our scope."""
        return f'mogaseg.{self.name}'

    def has_keys(self, keys: Iterable[str]) -> bool:
        """Whether any of ``keys`` is one only this family has."""
        return any_key_matches(self.key_marker, keys)


#: Family name -> record, in registration order.
FAMILIES: Dict[str, BackboneFamily] = {}


def register_family(family: BackboneFamily) -> BackboneFamily:
    """Add ``family`` to :data:`FAMILIES` (once per backbone class)."""
    if family.name in FAMILIES and \
            FAMILIES[family.name].backbone is not family.backbone:
        raise KeyError(f'a family named {family.name} is registered '
                       'already')
    FAMILIES[family.name] = family
    return family


def family_of(module: Union[nn.Module, type]) -> Optional[BackboneFamily]:
    """The record of the family whose backbone ``module`` is (or
    subclasses); None if it is none of ours."""
    cls = module if isinstance(module, type) else type(module)
    for family in reversed(list(FAMILIES.values())):
        if issubclass(cls, family.backbone):
            return family
    return None


#: The releases of whole models that are not a backbone family (the video
#: predictor), tried after the families' own.
MODEL_RELEASE_FORMATS: List[ReleaseFormat] = []


def register_model_release_format(release: ReleaseFormat) -> ReleaseFormat:
    """Add a whole model's release layout (once)."""
    if release not in MODEL_RELEASE_FORMATS:
        MODEL_RELEASE_FORMATS.append(release)
    return release


# The checkpoint layer's checks around every load into a backbone
# (register_load_checks); read at load time, so a backbone built before
# they were registered is checked too.
_LOAD_CHECKS: Dict[str, Tuple[LoadHook, ...]] = {'before': (), 'after': ()}


def register_load_checks(before: Sequence[LoadHook] = (),
                         after: Sequence[LoadHook] = ()) -> None:
    """Run ``before`` ahead of the family's load adapters and ``after``
    behind them on every load into one of our backbones (replacing what
    was registered)."""
    _LOAD_CHECKS['before'] = tuple(before)
    _LOAD_CHECKS['after'] = tuple(after)


def _run_load_hooks(module: nn.Module, *args) -> None:
    family = family_of(module)
    adapters = family.load_adapters if family else ()
    for hook in (*_LOAD_CHECKS['before'], *adapters, *_LOAD_CHECKS['after']):
        hook(module, *args)


def attach_load_hooks(backbone: nn.Module) -> None:
    """Make every ``load_state_dict`` into ``backbone`` run the
    checkpoint layer's checks and its family's adapters (call it at the end
    of the backbone's ``__init__``)."""
    backbone.register_load_state_dict_pre_hook(_run_load_hooks)


# Small helpers for the families' checkpoint filters.
def any_key_matches(pattern: str, keys: Iterable[str]) -> bool:
    """Whether any of ``keys`` matches the regular expression
    ``pattern`` (at its start)."""
    marker = re.compile(pattern)
    return any(marker.match(k) for k in keys)


def state_dict_of(checkpoint: Checkpoint) -> Mapping:
    """The weights of a container, or the container if it is the weights."""
    for key in ('state_dict', 'model'):
        if isinstance(checkpoint.get(key), Mapping):
            return checkpoint[key]
    return checkpoint


def is_bare(state_dict: Mapping) -> bool:
    """Keys of a released classifier: no ``backbone.`` prefix."""
    return not any(k.startswith('backbone.') for k in state_dict)


def strip_prefix(keys: Iterable[str], prefix: str) -> List[str]:
    """The keys under ``prefix``, without it."""
    return [k[len(prefix):] for k in keys if k.startswith(prefix)]


def classifier_filter(backbone_key: Callable[[str], str] = lambda k: k):
    """A bare released classifier's state dict -> ``backbone.*`` (keys
    renamed by ``backbone_key``) + ``head.fc.*``."""

    def convert(state_dict: Mapping) -> 'OrderedDict':
        return OrderedDict(
            (CLASSIFIER_HEAD.get(key, 'backbone.' + backbone_key(key)), value)
            for key, value in state_dict.items())

    return convert


def backbone_filter(backbone_key: Callable[[str], str]):
    """A detector's or segmentor's checkpoint -> its state dict with only
    the ``backbone.*`` keys renamed by ``backbone_key``; its neck and heads
    keep their (unchanged) mmdet/mmseg names."""

    def convert(checkpoint: Checkpoint) -> 'OrderedDict':
        return OrderedDict(
            ('backbone.' + backbone_key(k[len('backbone.'):])
             if k.startswith('backbone.') else k, v)
            for k, v in state_dict_of(checkpoint).items())

    return convert
