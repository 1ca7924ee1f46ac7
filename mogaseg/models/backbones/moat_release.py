"""deeplab2's MOAT TensorFlow checkpoints, as a checkpoint filter.

The checkpoint layer reads a TensorFlow checkpoint's variables without
TensorFlow (``{'tf_variables': {name: array}}``); this converts them.

The released checkpoints name each variable by its Keras path:
``moat/stem/conv_0/kernel``, ``moat/block_02_00/attention/q/weight``,
``moat/final_layer_norm/gamma``, ``moat/logits_head/kernel`` ... (the stem
also appears as bare ``conv_0/...``), with an
``.../ExponentialMovingAverage`` copy of the trainable ones. Layouts differ
from PyTorch's:

* conv kernels are ``[kh, kw, in, out]`` (depth-wise: ``[kh, kw, C, 1]``);
* attention projections are per head, ``[C, heads, head_dims]`` for q/k/v
  and ``[heads, head_dims, C]`` for the output; ours are one ``qkv`` and one
  ``proj`` linear;
* the relative position tables ``[heads, 2P - 1, 2P - 1]`` are ours as
  they are (same indexing: key minus query);
* the logits layer is a 1x1 conv after the pooled, normalised features.

The backbone that loads the result must pad as TensorFlow does
(``MOAT(tf_same_padding=True)``) and use the release's shortcut pool (2 for
the ImageNet classifiers).
"""
import re
from collections import OrderedDict
from typing import Dict, Mapping

import numpy as np
import torch

from mogaseg.errors import UserError
from ..families import ReleaseFormat

#: A key only MOAT's backbone has.
KEY_MARKER = r'^stages\.\d+\.\d+\.(mbconv|attn|pre_norm)'

_EMA = '/ExponentialMovingAverage'
_BLOCK = re.compile(r'^moat/block_(\d+)_(\d+)/(.+)$')
_STEM = re.compile(r'^(?:moat/stem/)?(conv|norm)_(\d+)/(.+)$')
_NORM_PARAMS = {
    'gamma': 'weight',
    'beta': 'bias',
    'moving_mean': 'running_mean',
    'moving_variance': 'running_var'
}
# deeplab2's sub-layer names inside an MBConv block -> ours
_MBCONV = {
    'pre_norm': 'pre_norm',
    'expand_conv': 'expand_conv.conv',
    'expand_norm': 'expand_conv.bn',
    'depthwise_conv': 'depthwise_conv.conv',
    'depthwise_norm': 'depthwise_conv.bn',
    'se/reduce_conv2d': 'se.conv1.conv',
    'se/expand_conv2d': 'se.conv2.conv',
    'shrink_conv': 'shrink_conv',
    # the shortcut is (pool, conv) in the first, strided block of a stage
    'shortcut_conv': 'shortcut.1',
}


class MOATConversionError(UserError, ValueError):
    """A TensorFlow checkpoint that is not a MOAT one, or lacks weights an
    inference model needs."""


def _torch(array: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))


def _param(kind: str, value: np.ndarray) -> torch.Tensor:
    """A TensorFlow parameter in PyTorch's layout."""
    if kind == 'kernel':  # [kh, kw, in, out] -> [out, in, kh, kw]
        return _torch(value.transpose(3, 2, 0, 1))
    if kind == 'depthwise_kernel':  # [kh, kw, C, 1] -> [C, 1, kh, kw]
        return _torch(value.transpose(2, 3, 0, 1))
    return _torch(value)


def _stem_key(kind: str, index: int, leaf: str) -> str:
    # stem: conv_0, then (norm_{i-1}, act, conv_i) for each further conv
    position = 3 * index if kind == 'conv' else 3 * index + 1
    return f'backbone.stem.{position}.' + (
        _NORM_PARAMS[leaf] if kind == 'norm' else
        'weight' if leaf == 'kernel' else leaf)


def _conv_or_norm(prefix: str, leaf: str) -> str:
    if leaf in _NORM_PARAMS:
        return f'{prefix}.{_NORM_PARAMS[leaf]}'
    return f'{prefix}.' + ('weight' if leaf.endswith('kernel') else leaf)


def _attention(prefix: str, weights: Mapping[str, np.ndarray],
               out: 'OrderedDict') -> None:
    """q, k, v (``[C, heads, head_dims]`` + ``[heads, head_dims]`` biases)
    into one ``qkv`` linear; ``o`` into ``proj``."""
    channels = weights['q/weight'].shape[0]
    out[f'{prefix}.attn.qkv.weight'] = _torch(
        np.concatenate([
            weights[f'{n}/weight'].reshape(channels, -1).T for n in 'qkv'
        ]))
    out[f'{prefix}.attn.qkv.bias'] = _torch(
        np.concatenate([weights[f'{n}/bias'].reshape(-1) for n in 'qkv']))
    out[f'{prefix}.attn.proj.weight'] = _torch(
        weights['o/weight'].reshape(-1, channels).T)
    out[f'{prefix}.attn.proj.bias'] = _torch(weights['o/bias'])
    if 'relative_position_embedding' in weights:
        out[f'{prefix}.attn.rel_pos.table'] = _torch(
            weights['relative_position_embedding'])


def convert_moat_tf(tensors: Mapping[str, np.ndarray],
                    ema: bool = False) -> 'OrderedDict':
    """Map a MOAT TensorFlow checkpoint's tensors (name -> array) onto an
    mmpretrain ``ImageClassifier`` with a ``mogaseg.MOAT`` backbone
    (``gap_before_final_norm=True``) and a ``LinearClsHead``; without the
    release's head, onto the backbone alone (``backbone.*``).

    Args:
        tensors: The checkpoint's numeric tensors.
        ema: Take the ``ExponentialMovingAverage`` copies where they exist.

    Raises:
        MOATConversionError: if there is no MOAT variable, or a BatchNorm
            lacks its running statistics.
    """
    values: Dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        if name.endswith(_EMA):
            if ema:
                values[name[:-len(_EMA)]] = value
        elif not (ema and name + _EMA in tensors):
            values[name] = value
    blocks: Dict[str, Dict[str, Dict[str, np.ndarray]]] = {}
    out = OrderedDict()
    for name, value in sorted(values.items()):
        stem = _STEM.match(name)
        block = _BLOCK.match(name)
        if stem:
            kind, index, leaf = stem.groups()
            out[_stem_key(kind, int(index), leaf)] = _param(leaf, value)
        elif block:
            stage, idx, rest = block.groups()
            key = f'backbone.stages.{int(stage)}.{int(idx)}'
            blocks.setdefault(key, {})[rest] = value
        elif name.startswith('moat/final_layer_norm/'):
            leaf = name.rsplit('/', 1)[1]
            out[f'backbone.final_norm.{_NORM_PARAMS[leaf]}'] = _torch(value)
        elif name.startswith('moat/logits_head/'):
            leaf = name.rsplit('/', 1)[1]
            if leaf == 'kernel':  # a 1x1 conv [1, 1, C, classes]
                value = value.reshape(-1, value.shape[-1]).T
            out[f'head.fc.{"weight" if leaf == "kernel" else leaf}'] = \
                _torch(value)
    if not out and not blocks:
        raise MOATConversionError(
            'no MOAT variables (moat/stem/..., moat/block_SS_BB/...) in the '
            f'checkpoint; its first names: {sorted(tensors)[:5]}')
    for key, parts in blocks.items():
        is_moat = any(p.startswith('attention/') for p in parts)
        mbconv = f'{key}.mbconv' if is_moat else key
        attention = {}
        for rest, value in parts.items():
            if rest.startswith('attention/'):
                attention[rest[len('attention/'):]] = value
            elif rest.startswith('attention_norm/'):
                leaf = rest.rsplit('/', 1)[1]
                out[f'{key}.attn_norm.{_NORM_PARAMS[leaf]}'] = _torch(value)
            else:
                layer, leaf = rest.rsplit('/', 1)
                if layer not in _MBCONV:
                    raise MOATConversionError(
                        f'unknown MOAT block variable {key}: {rest}')
                out[_conv_or_norm(f'{mbconv}.{_MBCONV[layer]}', leaf)] = \
                    _param(leaf, value)
        if attention:
            _attention(key, attention, out)
    # a BatchNorm (not a LayerNorm) has moving statistics
    missing = [
        k for k in out if k.endswith('.weight') and
        ('stem.' in k or 'norm.' in k or '.bn.' in k) and
        not k.endswith(('attn_norm.weight', 'final_norm.weight')) and
        out[k].dim() == 1 and k[:-len('weight')] + 'running_var' not in out
    ]
    if missing:
        raise MOATConversionError(
            f'{len(missing)} BatchNorms have no running statistics (e.g. '
            f'{missing[0]}): the checkpoint holds training weights only, '
            'which cannot run inference')
    return out


def _tf_variables(checkpoint: Mapping) -> Mapping:
    variables = checkpoint.get('tf_variables')
    return variables if isinstance(variables, Mapping) else {}


RELEASE_FORMATS = (ReleaseFormat(
    name='MOAT release (deeplab2 TensorFlow checkpoint)',
    matches=lambda c: any(
        k.startswith('moat/') for k in _tf_variables(c)),
    convert=lambda c: convert_moat_tf(_tf_variables(c)),
    added_prefix='backbone.'), )
