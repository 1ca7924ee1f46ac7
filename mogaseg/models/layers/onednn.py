"""The one place that calls PyTorch's private oneDNN pointwise ops.

``torch.ops.mkldnn._linear_pointwise`` and ``_convolution_pointwise`` are
the kernels torch.compile's CPU backend emits for a linear or convolution
layer followed by an activation, an add or a multiply: the element-wise op
runs inside the GEMM / convolution instead of as one more pass over its
output (10-20% of a MogaNet-T or FocalNet-T forward on CPU). They are not
public API, so:

- :data:`AVAILABLE` says whether this torch build has them; the inference
  forms decide once, when they are built, whether to use them;
- each function here computes the same value with the plain ops wherever
  the private op cannot (no oneDNN, a GPU tensor, float64, autograd,
  autocast, or a tracer, scripter, compiler or exporter looking), so a
  fused layer never fails where the plain layer would work.

Only the inference forms (``switch_to_deploy``) use these; training modules
never do.
"""
from typing import Optional

import torch
import torch.nn.functional as F

AVAILABLE = (torch.backends.mkldnn.is_available()
             and hasattr(torch.ops.mkldnn, '_linear_pointwise')
             and hasattr(torch.ops.mkldnn, '_convolution_pointwise'))

# activation name -> (oneDNN's name, its algorithm argument)
ACTIVATIONS = {
    'identity': ('none', ''),
    'gelu': ('gelu', 'none'),
    'gelu_tanh': ('gelu', 'tanh'),
    'silu': ('swish', ''),
    'relu': ('relu', ''),
}
BINARY_OPS = ('add', 'mul')


def is_traced(x) -> bool:
    """Whether ``x`` is being traced, scripted, compiled or exported."""
    return (isinstance(x, torch.fx.Proxy) or torch.jit.is_tracing()
            or torch.jit.is_scripting() or torch.compiler.is_compiling()
            or torch.onnx.is_in_onnx_export())


def applies(x: torch.Tensor, weight: torch.Tensor) -> bool:
    """Whether the private ops can compute a layer with ``weight`` on ``x``
    right now (see the module docstring)."""
    if not AVAILABLE or is_traced(x) or x.device.type != 'cpu':
        return False
    if x.dtype not in (torch.float32, torch.bfloat16) or \
            weight.dtype != x.dtype:
        return False
    if torch.is_grad_enabled() and (x.requires_grad or weight.requires_grad):
        return False  # the private ops have no backward
    return not torch.is_autocast_enabled('cpu')


def _plain_act(y: torch.Tensor, act: str) -> torch.Tensor:
    if act == 'identity':
        return y
    if act in ('gelu', 'gelu_tanh'):
        return F.gelu(y, approximate='tanh' if act == 'gelu_tanh' else 'none')
    return F.silu(y) if act == 'silu' else F.relu(y)


def linear_act(x: torch.Tensor, weight: torch.Tensor,
               bias: Optional[torch.Tensor], act: str) -> torch.Tensor:
    """``act(linear(x))``; ``act`` a key of :data:`ACTIVATIONS`."""
    if applies(x, weight):
        name, algorithm = ACTIVATIONS[act]
        return torch.ops.mkldnn._linear_pointwise(x, weight, bias, name, [],
                                                  algorithm)
    return _plain_act(F.linear(x, weight, bias), act)


def linear_binary(x: torch.Tensor, other: torch.Tensor,
                  weight: torch.Tensor, bias: Optional[torch.Tensor],
                  op: str) -> torch.Tensor:
    """``linear(x) + other`` or ``linear(x) * other`` (``op``), ``other`` of
    the output's shape."""
    if applies(x, weight) and other.shape == (*x.shape[:-1],
                                              weight.shape[0]):
        return torch.ops.mkldnn._linear_pointwise.binary(
            x, other, weight, bias, op)
    y = F.linear(x, weight, bias)
    return y + other if op == 'add' else y * other


def conv_act(x: torch.Tensor, weight: torch.Tensor,
             bias: Optional[torch.Tensor], stride, padding, dilation,
             groups: int, act: str) -> torch.Tensor:
    """``act(conv2d(x))`` for a zero-padded convolution whose ``padding``
    is numbers (not 'same')."""
    if applies(x, weight):
        name, algorithm = ACTIVATIONS[act]
        return torch.ops.mkldnn._convolution_pointwise(
            x, weight, bias, list(padding), list(stride), list(dilation),
            groups, name, [], algorithm)
    return _plain_act(F.conv2d(x, weight, bias, stride, padding, dilation,
                               groups), act)
