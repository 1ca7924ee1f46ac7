"""The FocalNet release's checkpoint files, as checkpoint filters.

The backbone :class:`mogaseg.models.FocalNet` keeps the published parameter
names. A published ImageNet classifier differs from it in two places only:

* its final ``norm`` (after the last stage) is the backbone's output norm
  of that stage, ``norm{num_stages - 1}`` (``norm3``), the name the official
  detection/segmentation code gives it;
* its ``head`` is the linear classifier, which in mmpretrain lives in
  ``LinearClsHead`` (``head.fc``).

The official dense-task code also fits the ImageNet focal kernels to larger
focal windows (zero padding, e.g. 3x3 -> 9x9) and extra focal levels (new
gates start at zero); :func:`resize_focal_weights` does the same.
"""
import re
from collections import OrderedDict
from typing import List, Mapping, MutableMapping, Sequence

import torch
import torch.nn.functional as F
from mmengine.logging import print_log

from ..families import CLASSIFIER_HEAD as _HEAD_KEYS
from ..families import ReleaseFormat, state_dict_of

#: A key only FocalNet's backbone has.
KEY_MARKER = r'^layers\.\d+\.blocks\.\d+\.modulation\.'
_FINAL_NORM = re.compile(r'^norm\.(weight|bias)$')
_FOCAL_KERNEL = re.compile(r'(^|\.)modulation\.focal_layers\.\d+\.0\.weight$')
_GATE_PROJ = re.compile(r'(^|\.)modulation\.f\.(weight|bias)$')


def _looks_like_focalnet(state_dict: Mapping) -> bool:
    return any(
        k.startswith('layers.0.blocks.0.modulation.') for k in state_dict)


def is_focalnet_official(state_dict: Mapping) -> bool:
    """Whether a state dict is a published FocalNet classifier's (it has the
    final ``norm`` or the ``head``; the backbone has neither)."""
    return _looks_like_focalnet(state_dict) and any(
        _FINAL_NORM.match(k) or k in _HEAD_KEYS for k in state_dict)


def _num_stages(state_dict: Mapping) -> int:
    stages = {
        int(m.group(1))
        for m in map(re.compile(r'^layers\.(\d+)\.').match, state_dict) if m
    }
    return max(stages) + 1


def focalnet_official_to_backbone(
        state_dict: Mapping[str, torch.Tensor],
        num_stages: int = 4,
        out_indices: Sequence[int] = (3, )) -> 'OrderedDict':
    """Map a published classifier state dict onto the backbone alone.

    ``norm.*`` becomes ``norm{num_stages - 1}.*`` when the last stage is an
    output of the backbone (and is dropped otherwise); ``head.*`` is
    dropped; every other key is kept.
    """
    last = num_stages - 1
    converted = OrderedDict()
    for key, value in state_dict.items():
        if key in _HEAD_KEYS:
            continue
        if _FINAL_NORM.match(key):
            if last not in out_indices:
                continue
            key = f'norm{last}.' + key.split('.', 1)[1]
        converted[key] = value
    return converted


def convert_focalnet_official(
        state_dict: Mapping[str, torch.Tensor]) -> 'OrderedDict':
    """Map a published FocalNet classifier state dict onto an mmpretrain
    ``ImageClassifier`` whose backbone is ``mogaseg.FocalNet`` (default
    ``out_indices``, the last stage) and whose head is ``LinearClsHead``.

    Raises:
        KeyError: if the state dict does not look like a FocalNet one.
    """
    if not _looks_like_focalnet(state_dict):
        raise KeyError('Not a FocalNet state dict: no '
                       '"layers.0.blocks.0.modulation.*" keys (first keys: '
                       f'{list(state_dict)[:5]})')
    num_stages = _num_stages(state_dict)
    backbone = focalnet_official_to_backbone(
        {k: v
         for k, v in state_dict.items() if k not in _HEAD_KEYS},
        num_stages=num_stages,
        out_indices=(num_stages - 1, ))
    converted = OrderedDict(
        (f'backbone.{k}', v) for k, v in backbone.items())
    for key, new_key in _HEAD_KEYS.items():
        if key in state_dict:
            converted[new_key] = state_dict[key]
    return converted


def resize_focal_weights(state_dict: MutableMapping[str, torch.Tensor],
                         reference: Mapping[str, torch.Tensor]) -> List[str]:
    """Fit focal-modulation weights to a model with other focal windows or
    more focal levels, in place, as the official dense-task code does.

    * depth-wise focal kernels (``...focal_layers.{l}.0.weight``) are
      zero-padded (or centre-cropped) to the reference kernel size;
    * the gate projection ``...modulation.f`` (``2C + L + 1`` outputs: query,
      context, one gate per level, the global gate) of a model with fewer
      levels keeps its query, context, level and global rows; the gates of
      the new levels start at zero.

    Args:
        state_dict: Weights to fit (keys as in ``reference``).
        reference: The target model's state dict (only shapes are used).

    Returns:
        The keys that were changed.
    """
    changed = []
    for key, target in reference.items():
        source = state_dict.get(key)
        if source is None or source.shape == target.shape:
            continue
        if _FOCAL_KERNEL.search(key) and source.dim() == 4 and \
                source.shape[:2] == target.shape[:2]:
            pad = (target.shape[-1] - source.shape[-1]) // 2
            state_dict[key] = F.pad(source, (pad, ) * 4)  # crops if < 0
            changed.append(key)
        elif _GATE_PROJ.search(key) and \
                source.shape[1:] == target.shape[1:] and \
                source.shape[0] < target.shape[0]:
            num_rows = source.shape[0] - 1  # query, context, level gates
            resized = source.new_zeros(target.shape)
            resized[:num_rows] = source[:num_rows]
            resized[-1] = source[-1]  # the global gate stays last
            state_dict[key] = resized
            changed.append(key)
    return changed


RELEASE_FORMATS = (ReleaseFormat(
    name='FocalNet ImageNet release',
    matches=lambda c: is_focalnet_official(state_dict_of(c)),
    convert=lambda c: convert_focalnet_official(state_dict_of(c)),
    added_prefix='backbone.'), )


def load_official_layout(module, state_dict: dict, prefix: str,
                         *args) -> None:
    """``load_state_dict`` pre-hook of :class:`FocalNet`: convert a
    published checkpoint's keys (in place) to the backbone's, and fit its
    focal kernels to the backbone's focal windows and levels."""
    nested = state_dict.get(prefix + 'model')
    if isinstance(nested, Mapping):  # the official files: {'model': {...}}
        # and the training state next to it (epoch, optimizer ...), if any
        for key in [k for k in state_dict if k.startswith(prefix)]:
            if not isinstance(state_dict[key], torch.Tensor):
                del state_dict[key]
        state_dict.update({prefix + k: v for k, v in nested.items()})
    ours = {k[len(prefix):]: k for k in state_dict if k.startswith(prefix)}
    local = {k: state_dict[full] for k, full in ours.items()}
    if is_focalnet_official(local):
        for full in ours.values():
            del state_dict[full]
        local = focalnet_official_to_backbone(
            local, num_stages=module.num_stages,
            out_indices=module.out_indices)
        state_dict.update({prefix + k: v for k, v in local.items()})
    target = {
        k: v
        for k, v in module.state_dict().items()
        if '.modulation.' in k
    }
    resized = resize_focal_weights(local, target)
    if resized:
        print_log(
            f'FocalNet: {len(resized)} focal-modulation weights resized to '
            'this model\'s focal windows/levels (kernels zero-padded or '
            'centre-cropped, new gates zero), as the official dense-task '
            'code does', logger='current')
        for key in resized:
            state_dict[prefix + key] = local[key]
