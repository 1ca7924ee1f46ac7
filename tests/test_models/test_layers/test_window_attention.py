import pytest
import torch

from mogaseg.models.layers import WindowMultiheadAttention


class ReferenceWindowAttention(WindowMultiheadAttention):
    """The module with its attention written out step by step (logits,
    bias, padding mask, softmax, values) instead of one
    ``scaled_dot_product_attention`` call: the oracle for that call."""

    def attend(self, q, k, v, window, pad_mask):
        num_tokens = q.shape[-2]
        attn = (q * self.scale) @ k.transpose(-2, -1)
        if self.rel_pos is not None:
            attn = attn + self.rel_pos(*window).unsqueeze(0)
        if pad_mask is not None:
            num_windows = pad_mask.shape[0]
            attn = attn.view(-1, num_windows, self.num_heads, num_tokens,
                             num_tokens)
            attn = attn.masked_fill(pad_mask[None, :, None, None, :],
                                    float('-inf'))
            attn = attn.view(-1, self.num_heads, num_tokens, num_tokens)
        return self.attn_drop(attn.softmax(dim=-1)) @ v


def _attention(x, module, bias=None, key_mask=None):
    """Plain multi-head attention of tokens (N, C) with the module's
    weights: the reference for the windowed module."""
    n, c = x.shape
    heads = module.num_heads
    q, k, v = module.qkv(x).view(n, 3, heads, c // heads).permute(1, 2, 0, 3)
    logits = q @ k.transpose(-2, -1) * module.scale
    if bias is not None:
        logits = logits + bias
    if key_mask is not None:
        logits = logits.masked_fill(~key_mask, float('-inf'))
    out = (logits.softmax(-1) @ v).transpose(0, 1).reshape(n, c)
    return module.proj(out)


@pytest.mark.parametrize('rel_pos_size', [None, 5])
def test_window_covering_the_map_equals_global(rel_pos_size):
    torch.manual_seed(0)
    windowed = WindowMultiheadAttention(16, 2, window_size=(4, 6),
                                       rel_pos_size=rel_pos_size).eval()
    global_ = WindowMultiheadAttention(16, 2, rel_pos_size=rel_pos_size)
    global_.load_state_dict(windowed.state_dict())
    x = torch.rand(2, 4, 6, 16)
    torch.testing.assert_close(windowed(x), global_.eval()(x))


def test_window_larger_than_the_map_is_global_when_unbiased():
    # the padding is masked, so a window over the whole map and more is
    # global attention (with a bias, the window-sized table would differ)
    torch.manual_seed(0)
    windowed = WindowMultiheadAttention(16, 2, window_size=(6, 8))
    global_ = WindowMultiheadAttention(16, 2)
    global_.load_state_dict(windowed.state_dict())
    x = torch.rand(2, 4, 6, 16)
    torch.testing.assert_close(windowed(x), global_(x))


def test_divisible_map_is_global_attention_per_window():
    torch.manual_seed(0)
    attn = WindowMultiheadAttention(16, 4, window_size=3, rel_pos_size=3)
    global_ = WindowMultiheadAttention(16, 4, rel_pos_size=3)
    global_.load_state_dict(attn.state_dict())
    x = torch.rand(1, 6, 9, 16)
    out = attn(x)
    for r in range(0, 6, 3):
        for c in range(0, 9, 3):
            tile = x[:, r:r + 3, c:c + 3]
            torch.testing.assert_close(out[:, r:r + 3, c:c + 3],
                                       global_(tile))


@pytest.mark.parametrize('rel_pos_size', [None, 4])
def test_padded_windows_attend_to_real_tokens_only(rel_pos_size):
    """A 7x6 map in 4x4 windows: each output token is attention over the
    real tokens of its window, with the biases of their true offsets."""
    torch.manual_seed(0)
    attn = WindowMultiheadAttention(8, 2, window_size=4,
                                    rel_pos_size=rel_pos_size)
    x = torch.rand(1, 7, 6, 8)
    out = attn(x)
    assert out.shape == x.shape
    full_bias = None if attn.rel_pos is None else attn.rel_pos(4, 4)
    for r in range(0, 8, 4):
        for c in range(0, 8, 4):
            tile = x[0, r:r + 4, c:c + 4]
            h, w = tile.shape[:2]
            # positions of the real tokens inside the 4x4 window
            pos = (torch.arange(h)[:, None] * 4 + torch.arange(w)).flatten()
            bias = None if full_bias is None else \
                full_bias[:, pos][:, :, pos]
            expected = _attention(tile.reshape(h * w, 8), attn, bias)
            torch.testing.assert_close(out[0, r:r + 4, c:c + 4],
                                       expected.view(h, w, 8))


def test_windows_do_not_see_each_other():
    torch.manual_seed(0)
    attn = WindowMultiheadAttention(8, 2, window_size=(3, 3),
                                    rel_pos_size=3)
    x = torch.rand(1, 5, 5, 8)
    changed = x.clone()
    changed[:, 3:, 3:] = torch.rand(1, 2, 2, 8)  # the bottom-right window
    out, out_changed = attn(x), attn(changed)
    torch.testing.assert_close(out[:, :3], out_changed[:, :3])
    torch.testing.assert_close(out[:, 3:, :3], out_changed[:, 3:, :3])
    assert not torch.allclose(out[:, 3:, 3:], out_changed[:, 3:, 3:])


def test_global_attention_any_size_and_gradients():
    attn = WindowMultiheadAttention(12, 3, rel_pos_size=7)
    for size in [(7, 7), (5, 11), (1, 1)]:
        x = torch.rand(2, *size, 12, requires_grad=True)
        out = attn(x)
        assert out.shape == x.shape
        out.sum().backward()
        assert x.grad is not None
    assert attn.rel_pos.table.grad is not None
    assert WindowMultiheadAttention(12, 3).rel_pos is None


def test_bad_arguments():
    with pytest.raises(ValueError, match='num_heads'):
        WindowMultiheadAttention(10, 3)
    with pytest.raises(ValueError, match='window_size'):
        WindowMultiheadAttention(8, 2, window_size=(4, 0))
    with pytest.raises(ValueError, match='rel_pos_size'):
        WindowMultiheadAttention(8, 2, rel_pos_size=(1, 2, 3))


@pytest.mark.parametrize('rel_pos_size', [None, 4])
@pytest.mark.parametrize('size,window_size', [
    ((7, 6), 4),  # padded windows: the mask holds -inf (or False)
    ((8, 8), 4),  # windows without padding: the bias alone
    ((5, 7), None),  # global attention
])
def test_sdpa_equals_reference(rel_pos_size, size, window_size):
    """The scaled_dot_product_attention path against the explicit one:
    outputs and the gradients of input, projections and bias table."""
    torch.manual_seed(0)
    attn = WindowMultiheadAttention(16, 2, window_size=window_size,
                                    rel_pos_size=rel_pos_size)
    reference = ReferenceWindowAttention(16, 2, window_size=window_size,
                                         rel_pos_size=rel_pos_size)
    reference.load_state_dict(attn.state_dict())
    x = torch.rand(3, *size, 16)
    x_sdpa, x_ref = x.clone().requires_grad_(), x.clone().requires_grad_()
    out = attn(x_sdpa)
    expected = reference(x_ref)
    torch.testing.assert_close(out, expected)
    out.square().sum().backward()
    expected.square().sum().backward()
    torch.testing.assert_close(x_sdpa.grad, x_ref.grad)
    for (name, p_sdpa), p_ref in zip(attn.named_parameters(),
                                     reference.parameters()):
        torch.testing.assert_close(p_sdpa.grad, p_ref.grad, msg=name)


def test_sdpa_attention_dropout_only_in_training():
    torch.manual_seed(0)
    attn = WindowMultiheadAttention(16, 2, window_size=4, rel_pos_size=4,
                                    attn_drop=0.5)
    x = torch.rand(1, 7, 6, 16)
    assert not torch.allclose(attn(x), attn(x))  # dropout draws anew
    attn.eval()
    reference = ReferenceWindowAttention(16, 2, window_size=4,
                                         rel_pos_size=4, attn_drop=0.5)
    reference.load_state_dict(attn.state_dict())
    torch.testing.assert_close(attn(x), reference.eval()(x))
