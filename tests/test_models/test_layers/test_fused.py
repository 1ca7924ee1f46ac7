"""The inference-only fused layers compute what the plain layers they are
built from compute, with oneDNN's kernels (chosen when they are built) and
without; the private ops fall back to the plain ones where they cannot
run (autograd, autocast, tracing)."""
import pytest
import torch
import torch.nn as nn

from mogaseg.models.layers import (FusedConv2d, FusedLinear, SplitLinear,
                                   onednn)

ACTS = [None, nn.GELU(), nn.GELU(approximate='tanh'), nn.SiLU(), nn.ReLU(),
        nn.Sigmoid()]
# float32 sums of up to 40 products in another order
TOL = dict(rtol=1e-5, atol=1e-5)


@pytest.fixture
def count_onednn(monkeypatch):
    """Whether each private-op call could run its fused kernel."""
    calls = []
    real = onednn.applies

    def counted(x, weight):
        result = real(x, weight)
        calls.append(result)
        return result

    monkeypatch.setattr(onednn, 'applies', counted)
    return calls


def _act(act):
    return nn.Identity() if act is None else act


@pytest.mark.parametrize('use_onednn', [True, False])
@pytest.mark.parametrize('act', ACTS)
def test_fused_linear_matches_the_plain_layers(act, use_onednn,
                                               count_onednn):
    torch.manual_seed(0)
    linear = nn.Linear(24, 40)
    layer = FusedLinear(linear, act, use_onednn=use_onednn)
    # 4-d channels-last tokens, and a strided slice of a wider tensor
    x = torch.randn(2, 5, 7, 24)
    strided = torch.randn(2, 5, 7, 30)[..., 3:27]
    for inputs in (x, strided):
        with torch.no_grad():
            torch.testing.assert_close(layer(inputs),
                                       _act(act)(linear(inputs)), **TOL)
    fused = use_onednn and onednn.AVAILABLE and \
        not isinstance(act, nn.Sigmoid)
    assert count_onednn == [True] * 2 if fused else count_onednn == []


@pytest.mark.parametrize('use_onednn', [True, False])
@pytest.mark.parametrize('op', ['add', 'mul'])
def test_fused_linear_with_a_second_operand(op, use_onednn):
    torch.manual_seed(0)
    linear = nn.Linear(24, 40)
    layer = FusedLinear(linear, op=op, use_onednn=use_onednn)
    x, other = torch.randn(2, 5, 7, 24), torch.randn(2, 5, 7, 40)
    plain = linear(x)
    expected = plain + other if op == 'add' else plain * other
    with torch.no_grad():
        torch.testing.assert_close(layer(x, other), expected, **TOL)
    with pytest.raises(TypeError, match='pass other'):
        layer(x)


def test_an_activation_takes_no_second_operand():
    with pytest.raises(ValueError, match='no second operand'):
        FusedLinear(nn.Linear(4, 4), nn.GELU(), op='add')
    with pytest.raises(ValueError, match="'add', 'mul'"):
        FusedLinear(nn.Linear(4, 4), op='sub')


@pytest.mark.parametrize('use_onednn', [True, False])
@pytest.mark.parametrize('act', [None, nn.GELU(), nn.SiLU()])
def test_fused_conv_matches_the_plain_layers(act, use_onednn):
    torch.manual_seed(0)
    conv = nn.Conv2d(16, 16, 5, padding=4, dilation=2, groups=16)
    layer = FusedConv2d(conv, act, use_onednn=use_onednn)
    x = torch.randn(2, 16, 9, 11)
    for inputs in (x, x.contiguous(memory_format=torch.channels_last)):
        with torch.no_grad():
            torch.testing.assert_close(layer(inputs), _act(act)(conv(x)),
                                       **TOL)


@pytest.mark.parametrize('use_onednn', [True, False])
@pytest.mark.parametrize('op', ['add', 'mul'])
def test_pointwise_conv_with_a_second_operand(op, use_onednn):
    """A 1x1 conv on a channels_last map times (or plus) a strided NCHW
    view, as FocalNet's modulator multiplies the query."""
    torch.manual_seed(0)
    conv = nn.Conv2d(16, 16, 1)
    layer = FusedConv2d(conv, op=op, use_onednn=use_onednn)
    x = torch.randn(2, 16, 6, 7).contiguous(memory_format=torch.channels_last)
    other = torch.randn(2, 6, 7, 40)[..., 4:20].permute(0, 3, 1, 2)
    plain = conv(x)
    expected = plain + other if op == 'add' else plain * other
    with torch.no_grad():
        torch.testing.assert_close(layer(x, other), expected, **TOL)


def test_fused_conv_takes_a_zero_padded_conv():
    with pytest.raises(TypeError, match='zero-padded'):
        FusedConv2d(nn.Conv2d(4, 4, 3, padding=1, padding_mode='reflect'))


@pytest.mark.parametrize('use_onednn', [True, False])
@pytest.mark.parametrize('bias', [True, False])
def test_split_linear_gives_dense_parts(bias, use_onednn):
    torch.manual_seed(0)
    linear = nn.Linear(24, 19, bias=bias)
    layer = SplitLinear(linear, (8, 8, 3), use_onednn=use_onednn)
    x = torch.randn(2, 5, 7, 24)
    with torch.no_grad():
        parts = layer(x)
        expected = linear(x).split((8, 8, 3), dim=-1)
    assert len(parts) == 3
    for part, want in zip(parts, expected):
        torch.testing.assert_close(part, want, **TOL)
        assert part.is_contiguous()  # no later copy of a strided slice
    with pytest.raises(ValueError, match='add up'):
        SplitLinear(linear, (8, 8))


def test_the_private_ops_fall_back_under_autograd_autocast_and_tracing(
        count_onednn):
    torch.manual_seed(0)
    linear = nn.Linear(24, 40)
    layer = FusedLinear(linear, nn.GELU(), use_onednn=True)
    x = torch.randn(3, 24, requires_grad=True)
    layer(x).sum().backward()  # the plain ops ran: gradients exist
    assert x.grad is not None and linear.weight.grad is not None
    with torch.no_grad(), torch.autocast('cpu', dtype=torch.bfloat16):
        out = layer(x)
    assert out.dtype == torch.bfloat16  # autocast applied, as F.linear
    with torch.no_grad():
        traced = torch.jit.trace(layer, x.detach())
    assert 'mkldnn' not in str(traced.graph)
    assert count_onednn[:3] == [False, False, False]


def test_the_fused_layers_share_the_plain_layers_parameters():
    linear, conv = nn.Linear(4, 6), nn.Conv2d(4, 6, 3)
    assert FusedLinear(linear, nn.GELU()).weight is linear.weight
    fused_conv = FusedConv2d(conv, nn.SiLU())
    assert fused_conv.weight is conv.weight and fused_conv.bias is conv.bias
    assert set(fused_conv.state_dict()) == {'weight', 'bias'}
