"""The released checkpoint files of the four releases, converted while
they load.

MMEngine loads ``{'state_dict': ..., 'meta': ...}`` whose keys are the
model's: a classifier's ``backbone.*`` and ``head.fc.*``, a detector's and
a segmentor's as mmdet 3 / mmseg 1 name them. Each :class:`ReleaseFormat`
recognises one release's container and key names and maps them onto that
layout; :func:`normalize_checkpoint` applies the first that matches, so
``load_from``, ``init_cfg=dict(type='Pretrained')`` and ``get_model`` take
the released files as they are. Anything else passes through unchanged.
"""
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

from mmengine.logging import print_log

from .converters import convert_focalnet_official, is_focalnet_official

# Keys that only one family's backbone has (checked without any prefix).
_FAMILY_MARKERS = {
    'MogaNet': re.compile(r'^blocks\d\.\d+\.mlp\.decompose\.'),
    'VAN': re.compile(r'^blocks?\d\.\d+\.attn\.spatial_gating_unit\.'),
    'FocalNet': re.compile(r'^layers\.\d+\.blocks\.\d+\.modulation\.'),
    'MOAT': re.compile(r'^stages\.\d+\.\d+\.(mbconv|attn|pre_norm)'),
}
_CLASSIFIER_HEAD = {
    'head.weight': 'head.fc.weight',
    'head.bias': 'head.fc.bias'
}


def _drop_prefix(keys, prefix: str):
    return [k[len(prefix):] for k in keys if k.startswith(prefix)]


def guess_family(state_dict: Mapping) -> Optional[str]:
    """The backbone family whose keys ``state_dict`` holds, bare or under
    ``backbone.``; None if none."""
    keys = list(state_dict)
    keys += _drop_prefix(keys, 'backbone.')
    for family, marker in _FAMILY_MARKERS.items():
        if any(marker.match(k) for k in keys):
            return family
    return None


def missing_prefix(theirs: Mapping, ours: Mapping) -> Optional[str]:
    """The first key component (``backbone.`` ...) under which ``theirs``
    holds most of ``ours``: a load that needed ``prefix=``; else None."""
    for first in dict.fromkeys(k.split('.', 1)[0] for k in theirs):
        stripped = set(_drop_prefix(theirs, first + '.'))
        if len(stripped & set(ours)) >= len(ours) / 2 > 0:
            return first + '.'
    return None


def _bare(state_dict: Mapping) -> bool:
    """Keys of a released classifier: no ``backbone.`` prefix."""
    return not any(k.startswith('backbone.') for k in state_dict)


def _state_dict_of(checkpoint: Mapping) -> Mapping:
    """The weights of a container, or the container if it is the weights."""
    for key in ('state_dict', 'model'):
        if isinstance(checkpoint.get(key), Mapping):
            return checkpoint[key]
    return checkpoint


def _classifier(backbone_keys: Callable[[str], str]) -> Callable:
    """A bare released classifier -> ``backbone.*`` + ``head.fc.*``."""

    def convert(state_dict: Mapping) -> 'OrderedDict':
        converted = OrderedDict()
        for key, value in state_dict.items():
            new_key = _CLASSIFIER_HEAD.get(key)
            if new_key is None:
                new_key = 'backbone.' + backbone_keys(key)
            converted[new_key] = value
        return converted

    return convert


def _same(key: str) -> str:
    return key


def _van_backbone_key(key: str) -> str:
    """VAN-Classification / VAN-Segmentation names -> mmpretrain's VAN."""
    key = re.sub(r'^block(\d)', r'blocks\1', key)
    key = re.sub(r'^(patch_embed\d)\.proj\.', r'\1.projection.', key)
    key = key.replace('spatial_gating_unit.conv0.',
                      'spatial_gating_unit.DW_conv.')
    key = key.replace('spatial_gating_unit.conv_spatial.',
                      'spatial_gating_unit.DW_D_conv.')
    return key.replace('.dwconv.dwconv.', '.dwconv.')


def _timm_weights(checkpoint: Mapping) -> Mapping:
    """A timm checkpoint's weights: the EMA ones where it has them (the
    MogaNet release evaluates its EMA-trained sizes with those)."""
    return checkpoint.get('state_dict_ema') or _state_dict_of(checkpoint)


def _in_backbone(rename: Callable[[str], str]) -> Callable:
    """Rename only the ``backbone.*`` keys of a detector's or segmentor's
    state dict; its neck and heads keep their (unchanged) mmdet/mmseg
    names."""

    def convert(checkpoint: Mapping) -> 'OrderedDict':
        return OrderedDict(
            ('backbone.' + rename(k[9:]) if k.startswith('backbone.') else k,
             v) for k, v in _state_dict_of(checkpoint).items())

    return convert


def _official_van(state_dict: Mapping) -> bool:
    keys = _drop_prefix(state_dict, 'backbone.') or list(state_dict)
    return any(re.match(r'^block\d\.\d+\.attn\.spatial_gating_unit\.', k)
               for k in keys)


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
    matches: Callable[[Mapping], bool]
    convert: Callable[[Mapping], Mapping]
    added_prefix: Optional[str] = None


RELEASE_FORMATS = [
    ReleaseFormat(
        name='MogaNet ImageNet release (timm checkpoint; EMA weights where '
        'it has them)',
        matches=lambda c: _bare(_state_dict_of(c)) and guess_family(
            _state_dict_of(c)) == 'MogaNet',
        convert=lambda c: _classifier(_same)(_timm_weights(c)),
        added_prefix='backbone.'),
    ReleaseFormat(
        name='MogaNet openmixup checkpoint (its EMA copies dropped)',
        matches=lambda c: any(
            k.startswith('ema_backbone_') for k in _state_dict_of(c)),
        convert=lambda c: OrderedDict(
            (k, v) for k, v in _state_dict_of(c).items()
            if not k.startswith('ema_'))),
    ReleaseFormat(
        name='VAN ImageNet release (VAN-Classification)',
        matches=lambda c: _bare(_state_dict_of(c)) and _official_van(
            _state_dict_of(c)),
        convert=lambda c: _classifier(_van_backbone_key)(_state_dict_of(c)),
        added_prefix='backbone.'),
    ReleaseFormat(
        name='VAN-Segmentation release (MMSegmentation 0.x)',
        matches=lambda c: not _bare(_state_dict_of(c)) and _official_van(
            _state_dict_of(c)),
        convert=_in_backbone(_van_backbone_key)),
    ReleaseFormat(
        name='FocalNet ImageNet release',
        matches=lambda c: is_focalnet_official(_state_dict_of(c)),
        convert=lambda c: convert_focalnet_official(_state_dict_of(c)),
        added_prefix='backbone.'),
]


def normalize_checkpoint(checkpoint, source: str = 'a checkpoint'):
    """``checkpoint`` in MMEngine's layout with the model's keys, converted
    from a release's layout where one matches (and reported); anything
    else is returned unchanged."""
    if not isinstance(checkpoint, dict):
        return checkpoint
    for release in RELEASE_FORMATS:
        if release.matches(checkpoint):
            state_dict = release.convert(checkpoint)
            print_log(
                f'{source}: {release.name}, {len(state_dict)} tensors '
                'converted to mogaseg names while loading',
                logger='current')
            meta = dict(checkpoint.get('meta') or {})
            meta.update(
                release_format=release.name,
                converted_from=source,
                added_prefix=release.added_prefix)
            return dict(state_dict=state_dict, meta=meta)
    return checkpoint
