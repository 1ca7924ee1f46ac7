"""FusedLinear, FusedConv2d and SplitLinear compute what their plain ops
compute, on both paths: the fused oneDNN kernels (CPU inference) and the
fallback (autograd, autocast, tracing, or the kernels forbidden)."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from mogaseg.models.layers import (FusedConv2d, FusedLinear, SplitLinear,
                                   fused_kernels)
from mogaseg.models.layers import fused, split_linear

ACTS = [None, dict(type='GELU'), dict(type='GELU', approximate='tanh'),
        dict(type='SiLU'), dict(type='ReLU'), dict(type='Sigmoid')]
# float32 sums of up to 40 products in another order
TOL = dict(rtol=1e-5, atol=1e-5)


@pytest.fixture
def count_fused(monkeypatch):
    """Whether each layer call could use a fused kernel."""
    calls = []
    real = fused.fused_kernels_apply

    def counted(x, weight):
        result = real(x, weight)
        calls.append(result)
        return result

    monkeypatch.setattr(fused, 'fused_kernels_apply', counted)
    monkeypatch.setattr(split_linear, 'fused_kernels_apply', counted)
    return calls


def _plain_act(act_cfg):
    if act_cfg is None:
        return nn.Identity()
    cfg = dict(act_cfg)
    return getattr(nn, cfg.pop('type'))(**cfg)


@pytest.mark.parametrize('enabled', [True, False])
@pytest.mark.parametrize('act_cfg', ACTS)
def test_fused_linear_matches_plain_ops(act_cfg, enabled, count_fused):
    torch.manual_seed(0)
    layer = FusedLinear(24, 40, act_cfg=act_cfg)
    # 4-d channels-last tokens, and a strided slice of a wider tensor
    x = torch.randn(2, 5, 7, 24)
    strided = torch.randn(2, 5, 7, 30)[..., 3:27]
    for inputs in (x, strided):
        expected = _plain_act(act_cfg)(
            F.linear(inputs, layer.weight, layer.bias))
        with torch.no_grad(), fused_kernels(enabled):
            torch.testing.assert_close(layer(inputs), expected, **TOL)
    assert count_fused == [enabled and fused._ONEDNN] * 2


@pytest.mark.parametrize('enabled', [True, False])
@pytest.mark.parametrize('op', ['add', 'mul'])
def test_fused_linear_with_a_second_operand(op, enabled):
    torch.manual_seed(0)
    layer = FusedLinear(24, 40)
    x = torch.randn(2, 5, 7, 24)
    other = torch.randn(2, 5, 7, 50)[..., 5:45]  # a strided operand
    y = F.linear(x, layer.weight, layer.bias)
    expected = y + other if op == 'add' else y * other
    with torch.no_grad(), fused_kernels(enabled):
        torch.testing.assert_close(layer(x, other, op), expected, **TOL)
    with pytest.raises(ValueError, match="'add' or 'mul'"):
        layer(x, other, 'sub')
    with pytest.raises(ValueError, match='no second operand'):
        FusedLinear(24, 40, act_cfg=dict(type='GELU'))(x, other)


@pytest.mark.parametrize('enabled', [True, False])
@pytest.mark.parametrize('channels_last', [False, True])
@pytest.mark.parametrize('act_cfg', ACTS)
def test_fused_conv_matches_plain_ops(act_cfg, channels_last, enabled):
    torch.manual_seed(0)
    conv = FusedConv2d(16, 16, 5, padding=4, dilation=2, groups=16,
                       act_cfg=act_cfg)
    x = torch.randn(2, 16, 11, 13)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    expected = _plain_act(act_cfg)(
        F.conv2d(x, conv.weight, conv.bias, padding=4, dilation=2,
                 groups=16))
    with torch.no_grad(), fused_kernels(enabled):
        torch.testing.assert_close(conv(x), expected, **TOL)


@pytest.mark.parametrize('enabled', [True, False])
@pytest.mark.parametrize('channels_last', [False, True])
def test_pointwise_conv_times_an_operand(channels_last, enabled,
                                         count_fused):
    """A 1x1 conv multiplied by a strided NCHW view of channels-last tokens
    (FocalNet's modulator times its query)."""
    torch.manual_seed(0)
    conv = FusedConv2d(16, 16, 1)
    x = torch.randn(2, 16, 6, 7)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    other = torch.randn(2, 6, 7, 40)[..., 4:20].permute(0, 3, 1, 2)
    expected = F.conv2d(x, conv.weight, conv.bias) * other
    with torch.no_grad(), fused_kernels(enabled):
        out = conv(x, other, op='mul')
    torch.testing.assert_close(out, expected, **TOL)
    assert out.shape == expected.shape


@pytest.mark.parametrize('enabled', [True, False])
@pytest.mark.parametrize('bias', [True, False])
def test_split_linear_parts(bias, enabled):
    torch.manual_seed(0)
    layer = SplitLinear(24, (8, 8, 3), bias=bias)
    x = torch.randn(2, 5, 7, 24)
    expected = F.linear(x, layer.weight, layer.bias).split((8, 8, 3), -1)
    with torch.no_grad(), fused_kernels(enabled):
        parts = layer(x)
    assert len(parts) == 3
    for part, want in zip(parts, expected):
        torch.testing.assert_close(part, want, **TOL)
        # dense parts from the fused path: no later copy
        assert part.is_contiguous() == (enabled and fused._ONEDNN)


def test_fallbacks_keep_autograd_autocast_and_tracing(count_fused):
    torch.manual_seed(0)
    layer = FusedLinear(24, 40, act_cfg=dict(type='GELU'))
    x = torch.randn(3, 24, requires_grad=True)
    layer(x).sum().backward()  # the plain ops ran: gradients exist
    assert x.grad is not None and layer.weight.grad is not None
    with torch.no_grad(), torch.autocast('cpu', dtype=torch.bfloat16):
        out = layer(x)
    assert out.dtype == torch.bfloat16  # autocast applied, as F.linear
    with torch.no_grad():
        traced = torch.jit.trace(layer, x.detach())
    assert 'mkldnn' not in str(traced.graph)
    assert count_fused[:3] == [False, False, False]


def test_the_fused_layers_are_the_plain_layers_to_the_outside():
    """Same parameters and checkpoints as nn.Linear / nn.Conv2d, and the
    activation has no parameters of its own."""
    linear = FusedLinear(4, 6, act_cfg=dict(type='GELU'))
    conv = FusedConv2d(4, 6, 3, act_cfg=dict(type='SiLU'))
    assert isinstance(linear, nn.Linear) and isinstance(conv, nn.Conv2d)
    assert set(linear.state_dict()) == {'weight', 'bias'}
    assert set(conv.state_dict()) == {'weight', 'bias'}
    nn.Linear(4, 6).load_state_dict(linear.state_dict())
