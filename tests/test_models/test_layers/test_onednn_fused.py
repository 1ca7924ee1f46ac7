import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from mogaseg.models.layers import (conv_act, linear_act, linear_binary,
                                   reference_impl)
from mogaseg.models.layers import onednn_fused

ACTS = [None, nn.GELU(), nn.GELU(approximate='tanh'), nn.SiLU(), nn.ReLU(),
        nn.Sigmoid()]


@pytest.fixture
def count_fused(monkeypatch):
    """Counts the calls that reach the oneDNN kernels."""
    calls = []
    real = onednn_fused._can_fuse

    def can_fuse(x, weight):
        fused = real(x, weight)
        calls.append(fused)
        return fused

    monkeypatch.setattr(onednn_fused, '_can_fuse', can_fuse)
    return calls


def _linear(seed=0):
    torch.manual_seed(seed)
    return nn.Linear(24, 40)


@pytest.mark.parametrize('act', ACTS)
def test_linear_act_matches_unfused(act, count_fused):
    layer = _linear()
    # 4-d channels-last tokens, and a strided slice of a wider tensor
    x = torch.randn(2, 5, 7, 24)
    strided = torch.randn(2, 5, 7, 30)[..., 3:27]
    for inputs in (x, strided):
        expected = layer(inputs) if act is None else act(layer(inputs))
        with torch.no_grad():
            out = linear_act(inputs, layer.weight, layer.bias, act)
        torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-5)
    if isinstance(act, nn.Sigmoid):  # no oneDNN post-op: plain ops
        assert count_fused == []
    else:
        assert count_fused == [onednn_fused._ONEDNN] * 2


@pytest.mark.parametrize('op', ['add', 'mul'])
def test_linear_binary_matches_unfused(op):
    layer = _linear()
    x = torch.randn(2, 5, 7, 24)
    other = torch.randn(2, 5, 7, 50)[..., 5:45]  # a strided operand
    y = layer(x)
    expected = y + other if op == 'add' else y * other
    with torch.no_grad():
        out = linear_binary(x, layer.weight, layer.bias, other, op)
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match="'add' or 'mul'"):
        linear_binary(x, layer.weight, layer.bias, other, 'sub')


@pytest.mark.parametrize('channels_last', [False, True])
@pytest.mark.parametrize('act', ACTS)
def test_conv_act_matches_unfused(act, channels_last):
    torch.manual_seed(0)
    conv = nn.Conv2d(16, 16, 5, padding=4, dilation=2, groups=16)
    x = torch.randn(2, 16, 11, 13)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    expected = conv(x) if act is None else act(conv(x))
    with torch.no_grad():
        out = conv_act(x, conv, act)
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-5)


def test_fallbacks_keep_autograd_and_reference(count_fused):
    layer = _linear()
    x = torch.randn(3, 24, requires_grad=True)
    out = linear_act(x, layer.weight, layer.bias, nn.GELU())
    out.sum().backward()  # the plain ops ran: gradients exist
    assert x.grad is not None and layer.weight.grad is not None
    with torch.no_grad(), reference_impl():
        linear_act(x, layer.weight, layer.bias)
    with torch.no_grad(), torch.autocast('cpu', dtype=torch.bfloat16):
        out = linear_act(x, layer.weight, layer.bias)
    assert out.dtype == torch.bfloat16  # autocast applied, as F.linear
    assert count_fused == [False, False, False]
    torch.testing.assert_close(
        linear_act(x.detach(), layer.weight.detach(), None),
        F.linear(x, layer.weight))
