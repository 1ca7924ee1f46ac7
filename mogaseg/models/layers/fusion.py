"""Exact re-parameterisations for inference: BatchNorm and per-channel
scales folded into neighbouring convolutions.

All helpers return new tensors and leave their arguments untouched; the
``switch_to_deploy`` methods of the blocks use them to build their fused
weights. They are exact in real arithmetic; in fp32 the fused model
matches the unfused one to about 1e-6 relative.
"""
import copy
from typing import Optional, Tuple

import torch
import torch.nn as nn
from torch.nn.modules.batchnorm import _BatchNorm


def bn_affine(bn: _BatchNorm) -> Tuple[torch.Tensor, torch.Tensor]:
    """(scale, shift) with ``bn(x) == x * scale + shift`` per channel, in
    eval mode (running statistics)."""
    if bn.running_var is None or bn.running_mean is None:
        raise ValueError('BatchNorm without running statistics cannot be '
                         'folded (track_running_stats=False)')
    scale = torch.rsqrt(bn.running_var + bn.eps)
    if bn.weight is not None:
        scale = scale * bn.weight
    shift = -bn.running_mean * scale
    if bn.bias is not None:
        shift = shift + bn.bias
    return scale.detach(), shift.detach()


def _conv_bias(conv: nn.Conv2d) -> torch.Tensor:
    if conv.bias is not None:
        return conv.bias.detach()
    return conv.weight.new_zeros(conv.out_channels)


def _new_conv(conv: nn.Conv2d, weight: torch.Tensor,
              bias: torch.Tensor) -> nn.Conv2d:
    """A conv like ``conv`` (its class, so also its way of padding, and its
    geometry) with the given weight and bias."""
    fused = copy.deepcopy(conv)
    fused.out_channels = weight.shape[0]
    fused.weight = nn.Parameter(weight.detach().clone())
    fused.bias = nn.Parameter(bias.detach().clone().to(weight.dtype))
    return fused


def fuse_conv_bn(conv: nn.Conv2d, bn: _BatchNorm) -> nn.Conv2d:
    """``bn(conv(x))`` as one conv."""
    scale, shift = bn_affine(bn)
    weight = conv.weight.detach() * scale.view(-1, 1, 1, 1)
    return _new_conv(conv, weight, _conv_bias(conv) * scale + shift)


def fuse_bn_conv(bn: _BatchNorm, conv: nn.Conv2d) -> nn.Conv2d:
    """``conv(bn(x))`` as one conv, for a dense (``groups=1``) conv without
    padding, where the fold is exact at the borders too."""
    if conv.groups != 1 or any(conv.padding) or conv.padding_mode != 'zeros':
        raise ValueError('a BatchNorm folds exactly only into a following '
                         'dense conv without padding')
    scale, shift = bn_affine(bn)
    weight = conv.weight.detach()
    fused_weight = weight * scale.view(1, -1, 1, 1)
    bias = _conv_bias(conv) + (weight.sum(dim=(2, 3)) @ shift)
    return _new_conv(conv, fused_weight, bias)


def scale_conv(conv: nn.Conv2d,
               out_scale: Optional[torch.Tensor] = None,
               in_scale: Optional[torch.Tensor] = None) -> nn.Conv2d:
    """``out_scale * conv(in_scale * x)`` (per-channel scales, any shape
    that flattens to the channels) as one conv; ``in_scale`` needs a dense
    conv."""
    weight = conv.weight.detach()
    bias = _conv_bias(conv)
    if in_scale is not None:
        if conv.groups != 1:
            raise ValueError('an input scale folds only into a dense conv')
        weight = weight * in_scale.detach().reshape(1, -1, 1, 1)
    if out_scale is not None:
        out_scale = out_scale.detach().reshape(-1)
        weight = weight * out_scale.view(-1, 1, 1, 1)
        bias = bias * out_scale
    return _new_conv(conv, weight, bias)
