"""The MogaNet release's checkpoint files, as checkpoint filters.

The backbone keeps the release's parameter names, so a released classifier
only moves under ``backbone.`` with its linear head into mmpretrain's
``LinearClsHead`` (``head.fc``).
"""
from collections import OrderedDict
from typing import Mapping

import torch

from ..families import (ReleaseFormat, any_key_matches, classifier_filter,
                        is_bare, state_dict_of)

#: A key only MogaNet's backbone has.
KEY_MARKER = r'^blocks\d\.\d+\.mlp\.decompose\.'
_to_classifier = classifier_filter()


def convert_moganet_official(
        state_dict: Mapping[str, torch.Tensor]) -> 'OrderedDict':
    """A released MogaNet classifier's state dict -> an mmpretrain
    ``ImageClassifier``'s with a ``mogaseg.MogaNet`` backbone.

    Raises:
        KeyError: if the state dict does not look like a MogaNet one.
    """
    if not any(k.startswith('patch_embed1.') for k in state_dict):
        raise KeyError('Not a MogaNet state dict: no "patch_embed1.*" keys '
                       f'(first keys: {list(state_dict)[:5]})')
    return _to_classifier(state_dict)


def _timm_weights(checkpoint: Mapping) -> Mapping:
    """A timm checkpoint's weights: the EMA ones where it has them (the
    release evaluates its EMA-trained sizes with those)."""
    return checkpoint.get('state_dict_ema') or state_dict_of(checkpoint)


RELEASE_FORMATS = (
    ReleaseFormat(
        name='MogaNet ImageNet release (timm checkpoint; EMA weights where '
        'it has them)',
        matches=lambda c: is_bare(state_dict_of(c)) and any_key_matches(
            KEY_MARKER, state_dict_of(c)),
        convert=lambda c: _to_classifier(_timm_weights(c)),
        added_prefix='backbone.'),
    ReleaseFormat(
        name='MogaNet openmixup checkpoint (its EMA copies dropped)',
        matches=lambda c: any(
            k.startswith('ema_backbone_') for k in state_dict_of(c)),
        convert=lambda c: OrderedDict(
            (k, v) for k, v in state_dict_of(c).items()
            if not k.startswith('ema_'))),
)
