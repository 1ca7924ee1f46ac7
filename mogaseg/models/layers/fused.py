"""Linear and convolution layers that apply the element-wise op after them
inside their own kernel on CPU inference.

``F.linear`` on CPU copies the bias into the output before the GEMM, and an
activation, a residual add or a gating product after a layer is one more
pass over its output. oneDNN applies them inside the kernel
(``torch.ops.mkldnn._linear_pointwise`` / ``_convolution_pointwise``, the
kernels torch.compile's CPU backend emits), with the same values as the
separate ops to float rounding (tested). They pay 10-20% of a MogaNet-T or
FocalNet-T forward on CPU (``tools/analysis/benchmark.py --ablate``).

:class:`FusedLinear` and :class:`FusedConv2d` are ``nn.Linear`` /
``nn.Conv2d`` (same parameters, same initialisation, same checkpoints)
called like any module, so hooks, tracers and exporters see them. The fused
kernel runs only where it can: on CPU, fp32 or bf16, without autograd or
autocast, and not while the module is traced, scripted, compiled or
exported; everywhere else the plain ops run.
"""
from contextlib import contextmanager
from typing import Iterator, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_activation_layer

_ONEDNN = torch.backends.mkldnn.is_available() and hasattr(
    torch.ops.mkldnn, '_linear_pointwise') and hasattr(
        torch.ops.mkldnn, '_convolution_pointwise')

_BINARY_OPS = ('add', 'mul')
_enabled = True


@contextmanager
def fused_kernels(enabled: bool) -> Iterator[None]:
    """Allow (True) or forbid (False) the fused kernels in the enclosed
    code, like ``torch.backends.mkldnn.flags``: every module runs the same
    forward, only the kernel that computes it changes. For the benchmark's
    ablation and the tests of both paths."""
    global _enabled
    previous, _enabled = _enabled, bool(enabled)
    try:
        yield
    finally:
        _enabled = previous


def _onednn_activation(act: nn.Module) -> Optional[Tuple[str, str]]:
    """oneDNN's (name, algorithm) of ``act``; None where it has none."""
    if isinstance(act, nn.Identity):
        return 'none', ''
    if type(act) is nn.GELU:
        return 'gelu', 'none' if act.approximate == 'none' else 'tanh'
    if type(act) is nn.SiLU:
        return 'swish', ''
    if type(act) is nn.ReLU:
        return 'relu', ''
    return None


def is_traced(x) -> bool:
    """Whether ``x`` is being traced, scripted, compiled or exported."""
    return (isinstance(x, torch.fx.Proxy) or torch.jit.is_tracing()
            or torch.jit.is_scripting() or torch.compiler.is_compiling()
            or torch.onnx.is_in_onnx_export())


def fused_kernels_apply(x: torch.Tensor, weight: torch.Tensor) -> bool:
    """Whether a fused oneDNN kernel can compute a layer with ``weight`` on
    ``x`` (see the module docstring)."""
    if not (_ONEDNN and _enabled) or is_traced(x) or \
            x.device.type != 'cpu':
        return False
    if x.dtype not in (torch.float32, torch.bfloat16) or \
            weight.dtype != x.dtype:
        return False
    if torch.is_grad_enabled() and (x.requires_grad or weight.requires_grad):
        return False  # the fused kernels have no backward
    return not torch.is_autocast_enabled('cpu')


def _check_binary(op: str, act: nn.Module):
    if op not in _BINARY_OPS:
        raise ValueError(f"op must be 'add' or 'mul', got {op!r}")
    if not isinstance(act, nn.Identity):
        raise ValueError('a layer with an activation takes no second '
                         'operand')


def _apply_binary(y: torch.Tensor, other: torch.Tensor,
                  op: str) -> torch.Tensor:
    return y + other if op == 'add' else y * other


class FusedLinear(nn.Linear):
    """``nn.Linear`` followed by an optional activation, or combined with a
    second operand (``y + other`` or ``y * other``), in one kernel where it
    can.

    Args:
        in_features, out_features, bias: As ``nn.Linear``.
        act_cfg (dict, optional): Activation after the layer; GELU, SiLU
            and ReLU fuse, others run after it. Defaults to None.
    """

    def __init__(self,
                 in_features: int,
                 out_features: int,
                 bias: bool = True,
                 act_cfg: Optional[dict] = None):
        super().__init__(in_features, out_features, bias)
        self.act = build_activation_layer(act_cfg) if act_cfg else \
            nn.Identity()

    def forward(self,
                x: torch.Tensor,
                other: Optional[torch.Tensor] = None,
                op: str = 'add') -> torch.Tensor:
        """``act(linear(x))``, or ``linear(x) <op> other`` when ``other``
        (the output's shape) is given."""
        fused = fused_kernels_apply(x, self.weight)
        if other is not None:
            _check_binary(op, self.act)
            if fused and other.shape == (*x.shape[:-1], self.out_features):
                return torch.ops.mkldnn._linear_pointwise.binary(
                    x, other, self.weight, self.bias, op)
            return _apply_binary(F.linear(x, self.weight, self.bias), other,
                                 op)
        onednn_act = _onednn_activation(self.act)
        if fused and onednn_act is not None:
            return torch.ops.mkldnn._linear_pointwise(
                x, self.weight, self.bias, onednn_act[0], [], onednn_act[1])
        return self.act(F.linear(x, self.weight, self.bias))


class FusedConv2d(nn.Conv2d):
    """``nn.Conv2d`` followed by an optional activation in one kernel where
    it can. A 1x1 conv on a channels_last map may also take a second
    operand (``y + other`` or ``y * other``), computed as a linear layer on
    the channels-last view with the operand inside its kernel.

    Args:
        *args, **kwargs: As ``nn.Conv2d``.
        act_cfg (dict, optional): Activation after the conv; GELU, SiLU
            and ReLU fuse, others run after it. Defaults to None.
    """

    def __init__(self, *args, act_cfg: Optional[dict] = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.act = build_activation_layer(act_cfg) if act_cfg else \
            nn.Identity()

    def _is_pointwise(self) -> bool:
        return (self.kernel_size == (1, 1) and self.stride == (1, 1)
                and not isinstance(self.padding, str) and not any(
                    self.padding) and self.groups == 1)

    def forward(self,
                x: torch.Tensor,
                other: Optional[torch.Tensor] = None,
                op: str = 'add') -> torch.Tensor:
        """``act(conv(x))``, or ``conv(x) <op> other`` when ``other`` (the
        output's shape, NCHW) is given."""
        fused = fused_kernels_apply(x, self.weight)
        if other is not None:
            _check_binary(op, self.act)
            if fused and self._is_pointwise() and x.dim() == 4 and \
                    x.is_contiguous(memory_format=torch.channels_last) and \
                    other.shape == (x.shape[0], self.out_channels,
                                    *x.shape[2:]):
                # (B, H, W, C) views of channels_last maps: no copies
                y = torch.ops.mkldnn._linear_pointwise.binary(
                    x.permute(0, 2, 3, 1), other.permute(0, 2, 3, 1),
                    self.weight.flatten(1), self.bias, op)
                return y.permute(0, 3, 1, 2)
            return _apply_binary(self._conv_forward(x, self.weight,
                                                    self.bias), other, op)
        onednn_act = _onednn_activation(self.act)
        if fused and onednn_act is not None and \
                self.padding_mode == 'zeros' and \
                not isinstance(self.padding, str):
            return torch.ops.mkldnn._convolution_pointwise(
                x, self.weight, self.bias, list(self.padding),
                list(self.stride), list(self.dilation), self.groups,
                onednn_act[0], [], onednn_act[1])
        return self.act(self._conv_forward(x, self.weight, self.bias))
