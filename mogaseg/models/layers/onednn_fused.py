"""Convolutions and linear layers fused with the element-wise op after them
into one oneDNN call, for CPU inference.

``F.linear`` on CPU copies the bias into the output before the GEMM, and an
activation, a residual add or a gating product after a layer is one more
pass over its output. oneDNN applies them inside the kernel
(``torch.ops.mkldnn._linear_pointwise`` / ``_convolution_pointwise``, the
kernels torch.compile's CPU backend emits), with the same values as the
separate ops to float rounding (tested). They run only where they can: on
CPU, fp32 or bf16, without autograd or autocast, outside torch.compile and
outside the reference forward passes; everywhere else the plain ops run.
"""
from typing import Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from .reference_impl import use_reference_impl

_ONEDNN = torch.backends.mkldnn.is_available() and hasattr(
    torch.ops.mkldnn, '_linear_pointwise') and hasattr(
        torch.ops.mkldnn, '_convolution_pointwise')


def _onednn_activation(act: Optional[nn.Module]) -> Optional[Tuple[str, str]]:
    """oneDNN's (name, algorithm) of ``act``; None where it has none."""
    if act is None or isinstance(act, nn.Identity):
        return 'none', ''
    if type(act) is nn.GELU:
        return 'gelu', 'none' if act.approximate == 'none' else 'tanh'
    if type(act) is nn.SiLU:
        return 'swish', ''
    if type(act) is nn.ReLU:
        return 'relu', ''
    return None


def _can_fuse(x: torch.Tensor, weight: torch.Tensor) -> bool:
    if not _ONEDNN or x.device.type != 'cpu' or use_reference_impl():
        return False
    if x.dtype not in (torch.float32, torch.bfloat16) or \
            weight.dtype != x.dtype:
        return False
    if torch.is_grad_enabled() and (x.requires_grad or weight.requires_grad):
        return False  # the fused kernels have no backward
    return not (torch.is_autocast_enabled('cpu')
                or torch.compiler.is_compiling())


def linear_act(x: torch.Tensor,
               weight: torch.Tensor,
               bias: Optional[torch.Tensor] = None,
               act: Optional[nn.Module] = None) -> torch.Tensor:
    """``act(F.linear(x, weight, bias))``: one kernel for no activation,
    GELU, SiLU or ReLU; any other activation runs after the layer."""
    onednn_act = _onednn_activation(act)
    if onednn_act is not None and _can_fuse(x, weight):
        return torch.ops.mkldnn._linear_pointwise(x, weight, bias,
                                                  onednn_act[0], [],
                                                  onednn_act[1])
    x = F.linear(x, weight, bias)
    return x if act is None else act(x)


def linear_binary(x: torch.Tensor, weight: torch.Tensor,
                  bias: Optional[torch.Tensor], other: torch.Tensor,
                  op: str) -> torch.Tensor:
    """``F.linear(x, weight, bias) + other`` (``op='add'``) or ``* other``
    (``op='mul'``); ``other`` has the output's shape."""
    if op not in ('add', 'mul'):
        raise ValueError(f"op must be 'add' or 'mul', got {op!r}")
    if _can_fuse(x, weight) and other.shape[:-1] == x.shape[:-1]:
        return torch.ops.mkldnn._linear_pointwise.binary(
            x, other, weight, bias, op)
    y = F.linear(x, weight, bias)
    return y + other if op == 'add' else y * other


def conv_act(x: torch.Tensor, conv: nn.Conv2d,
             act: Optional[nn.Module]) -> torch.Tensor:
    """``act(conv(x))``: one kernel for no activation, GELU, SiLU or ReLU
    after a zero-padded conv with numeric padding."""
    onednn_act = _onednn_activation(act)
    if onednn_act is not None and conv.padding_mode == 'zeros' and \
            not isinstance(conv.padding, str) and _can_fuse(x, conv.weight):
        return torch.ops.mkldnn._convolution_pointwise(
            x, conv.weight, conv.bias, list(conv.padding), list(conv.stride),
            list(conv.dilation), conv.groups, onednn_act[0], [],
            onednn_act[1])
    x = conv(x)
    return x if act is None else act(x)
