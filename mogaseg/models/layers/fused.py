"""Inference-only layers: a linear or convolution layer and the element-wise
op after it (an activation, or a product or sum with a second operand) in
one module, computed in one oneDNN kernel on CPU where it can
(:mod:`~mogaseg.models.layers.onednn`).

The inference forms (``switch_to_deploy``) build them from a training
block's plain ``nn.Linear`` / ``nn.Conv2d`` and activation, sharing the
parameters; whether they use oneDNN is decided then (``use_onednn``), not
per call. Their output is what their name says: ``act(linear(x))`` or
``linear(x) <op> other``. Training modules never contain them.
"""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import onednn


def activation_name(act: Optional[nn.Module]) -> Optional[str]:
    """The :data:`onednn.ACTIVATIONS` key of ``act``; None if oneDNN has
    no such activation."""
    if act is None or type(act) is nn.Identity:
        return 'identity'
    if type(act) is nn.GELU:
        return 'gelu' if act.approximate == 'none' else 'gelu_tanh'
    if type(act) is nn.SiLU:
        return 'silu'
    if type(act) is nn.ReLU:
        return 'relu'
    return None


def _check_op(op: Optional[str], act: Optional[nn.Module]) -> None:
    if op is None:
        return
    if op not in onednn.BINARY_OPS:
        raise ValueError(f"op must be 'add', 'mul' or None, got {op!r}")
    if activation_name(act) != 'identity':
        raise ValueError('a layer with an activation takes no second '
                         'operand')


class FusedLinear(nn.Module):
    """``act(linear(x))``, or ``linear(x) <op> other`` when built with an
    ``op`` ('add' or 'mul'); inference only.

    Args:
        linear (nn.Linear): The layer; its parameters are shared.
        act (nn.Module, optional): Activation after it. GELU, SiLU and
            ReLU fuse; another runs after the layer. Defaults to None.
        op (str, optional): 'add' or 'mul' with a second operand of the
            output's shape, passed to ``forward``. Defaults to None.
        use_onednn (bool): Use the fused kernels where they apply.
            Defaults to True.
    """

    def __init__(self,
                 linear: nn.Linear,
                 act: Optional[nn.Module] = None,
                 op: Optional[str] = None,
                 use_onednn: bool = True):
        super().__init__()
        _check_op(op, act)
        self.in_features, self.out_features = linear.in_features, \
            linear.out_features
        self.weight, self.bias = linear.weight, linear.bias
        self.act = act if act is not None else nn.Identity()
        self.act_name = activation_name(act)
        self.op = op
        self.use_onednn = use_onednn and onednn.AVAILABLE

    def forward(self,
                x: torch.Tensor,
                other: Optional[torch.Tensor] = None) -> torch.Tensor:
        if self.op is not None:
            if other is None:
                raise TypeError(f'this layer computes linear(x) {self.op} '
                                'other: pass other')
            if self.use_onednn:
                return onednn.linear_binary(x, other, self.weight, self.bias,
                                            self.op)
            y = F.linear(x, self.weight, self.bias)
            return y + other if self.op == 'add' else y * other
        if self.use_onednn and self.act_name is not None:
            return onednn.linear_act(x, self.weight, self.bias,
                                     self.act_name)
        return self.act(F.linear(x, self.weight, self.bias))

    def extra_repr(self) -> str:
        return (f'in_features={self.in_features}, '
                f'out_features={self.out_features}, op={self.op}, '
                f'use_onednn={self.use_onednn}')


class SplitLinear(nn.Module):
    """A linear layer whose output comes as dense parts of ``split_sizes``
    features (one GEMM per block of weight rows), so no later
    permute-and-copy of a strided slice is needed; inference only.

    Args:
        linear (nn.Linear): The layer; its parameters are shared.
        split_sizes (Sequence[int]): Output features of each part.
        use_onednn (bool): Use oneDNN's GEMM (no bias copy before it) where
            it applies. Defaults to True.
    """

    def __init__(self,
                 linear: nn.Linear,
                 split_sizes: Sequence[int],
                 use_onednn: bool = True):
        super().__init__()
        if sum(split_sizes) != linear.out_features:
            raise ValueError(f'split_sizes {tuple(split_sizes)} do not add '
                             f'up to {linear.out_features} features')
        self.split_sizes = tuple(split_sizes)
        self.weight, self.bias = linear.weight, linear.bias
        self.use_onednn = use_onednn and onednn.AVAILABLE

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        biases = self.bias.split(self.split_sizes) if self.bias is not None \
            else [None] * len(self.split_sizes)
        weights = self.weight.split(self.split_sizes)
        if self.use_onednn:
            return tuple(
                onednn.linear_act(x, w, b, 'identity')
                for w, b in zip(weights, biases))
        return tuple(F.linear(x, w, b) for w, b in zip(weights, biases))

    def extra_repr(self) -> str:
        return (f'split_sizes={self.split_sizes}, '
                f'use_onednn={self.use_onednn}')


class FusedConv2d(nn.Module):
    """``act(conv(x))``, or ``conv(x) <op> other`` when built with an
    ``op`` (a 1x1 conv on a channels_last map then runs as a linear layer on
    the channels-last view, the operand inside its kernel); inference only.

    Args:
        conv (nn.Conv2d): A zero-padded conv; its parameters are shared.
        act (nn.Module, optional): Activation after it. GELU, SiLU and
            ReLU fuse; another runs after the conv. Defaults to None.
        op (str, optional): 'add' or 'mul' with a second operand of the
            output's shape (NCHW), passed to ``forward``. Defaults to None.
        use_onednn (bool): Use the fused kernels where they apply.
            Defaults to True.
    """

    def __init__(self,
                 conv: nn.Conv2d,
                 act: Optional[nn.Module] = None,
                 op: Optional[str] = None,
                 use_onednn: bool = True):
        super().__init__()
        _check_op(op, act)
        if type(conv) is not nn.Conv2d or conv.padding_mode != 'zeros':
            raise TypeError('FusedConv2d takes a zero-padded nn.Conv2d, got '
                            f'{conv!r}')
        self.weight, self.bias = conv.weight, conv.bias
        self.stride, self.padding = conv.stride, conv.padding
        self.dilation, self.groups = conv.dilation, conv.groups
        self.act = act if act is not None else nn.Identity()
        self.act_name = activation_name(act)
        self.op = op
        self.use_onednn = use_onednn and onednn.AVAILABLE and \
            not isinstance(conv.padding, str)
        self.pointwise = (conv.kernel_size == (1, 1) and self.stride == (1, 1)
                          and not isinstance(self.padding, str)
                          and not any(self.padding) and self.groups == 1)

    def _conv(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x, self.weight, self.bias, self.stride, self.padding,
                        self.dilation, self.groups)

    def forward(self,
                x: torch.Tensor,
                other: Optional[torch.Tensor] = None) -> torch.Tensor:
        if self.op is not None:
            if other is None:
                raise TypeError(f'this layer computes conv(x) {self.op} '
                                'other: pass other')
            if self.use_onednn and self.pointwise and x.dim() == 4 and \
                    x.is_contiguous(memory_format=torch.channels_last):
                # (B, H, W, C) views of channels_last maps: no copies
                y = onednn.linear_binary(
                    x.permute(0, 2, 3, 1), other.permute(0, 2, 3, 1),
                    self.weight.flatten(1), self.bias, self.op)
                return y.permute(0, 3, 1, 2)
            y = self._conv(x)
            return y + other if self.op == 'add' else y * other
        if self.use_onednn and self.act_name is not None:
            return onednn.conv_act(x, self.weight, self.bias, self.stride,
                                   self.padding, self.dilation, self.groups,
                                   self.act_name)
        return self.act(self._conv(x))

    def extra_repr(self) -> str:
        return (f'{tuple(self.weight.shape)}, stride={self.stride}, '
                f'padding={self.padding}, groups={self.groups}, '
                f'op={self.op}, use_onednn={self.use_onednn}')
