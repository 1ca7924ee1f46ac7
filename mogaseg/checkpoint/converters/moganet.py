"""Published MogaNet checkpoints -> mogaseg ``ImageClassifier`` state dicts.

The backbone keeps the published parameter names, so the conversion only
adds the ``backbone.`` prefix and moves the linear classifier
(``head.weight``/``head.bias``) to mmpretrain's ``LinearClsHead``
(``head.fc.weight``/``head.fc.bias``).
"""
from collections import OrderedDict
from typing import Mapping

import torch

_HEAD_KEYS = {'head.weight': 'head.fc.weight', 'head.bias': 'head.fc.bias'}


def convert_moganet_official(
        state_dict: Mapping[str, torch.Tensor]) -> 'OrderedDict':
    """Map a published MogaNet classifier state dict onto an mmpretrain
    ``ImageClassifier`` whose backbone is ``mogaseg.MogaNet``.

    Raises:
        KeyError: if the state dict does not look like a MogaNet one.
    """
    if not any(k.startswith('patch_embed1.') for k in state_dict):
        raise KeyError('Not a MogaNet state dict: no "patch_embed1.*" keys '
                       f'(first keys: {list(state_dict)[:5]})')
    converted = OrderedDict()
    for key, value in state_dict.items():
        converted[_HEAD_KEYS.get(key, f'backbone.{key}')] = value
    return converted
