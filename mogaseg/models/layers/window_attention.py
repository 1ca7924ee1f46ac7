"""Multi-head self-attention over a feature map: global, or within
non-overlapping windows (no shift), with an optional relative position
bias."""
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F

from .relative_position_bias import RelativePositionBias2d
from .window_partition import (window_padding_mask, window_partition,
                               window_reverse)

_Size = Union[int, Sequence[int]]


def _pair(value: _Size, name: str) -> Tuple[int, int]:
    pair = (value, value) if isinstance(value, int) else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, int) and v > 0 for v in pair):
        raise ValueError(f'{name} must be a positive int or two of them, '
                         f'got {value!r}')
    return pair


class WindowMultiheadAttention(nn.Module):
    """Self-attention of a channels-last map ``(B, H, W, C)``.

    With ``window_size=None`` every token attends to the whole map (global
    attention). Otherwise the map is cut into non-overlapping windows and
    attention stays inside each window. A map that is not a multiple of the
    window is zero-padded at the bottom and right, the padded keys are
    masked out of the softmax, and the padded queries are cropped away, so
    each output token equals attention over the real tokens of its window
    only, whatever the padding.

    The relative position bias (:class:`RelativePositionBias2d`, one table
    per layer, sized ``rel_pos_size``) is resized to the window, or to the
    whole map for global attention, when their sizes differ.

    The attention runs as ``F.scaled_dot_product_attention`` (fused
    kernels, no attention matrix in memory where the backend allows) with
    the bias and the padding mask as its mask.

    Args:
        embed_dims (int): Channels of input and output.
        num_heads (int): Heads; ``embed_dims`` must be divisible by it.
        window_size (int | tuple[int, int], optional): Window height and
            width; None for global attention. Defaults to None.
        rel_pos_size (int | tuple[int, int], optional): Grid size the bias
            table is made for; None for no relative position bias. Defaults
            to None.
        qkv_bias (bool): Biases of the query, key and value projections.
            Defaults to True.
        attn_drop (float): Dropout on the attention weights. Defaults to 0.
        proj_drop (float): Dropout on the output. Defaults to 0.
    """

    def __init__(self,
                 embed_dims: int,
                 num_heads: int,
                 window_size: Optional[_Size] = None,
                 rel_pos_size: Optional[_Size] = None,
                 qkv_bias: bool = True,
                 attn_drop: float = 0.,
                 proj_drop: float = 0.):
        super().__init__()
        if num_heads < 1 or embed_dims % num_heads != 0:
            raise ValueError(f'embed_dims={embed_dims} is not divisible into '
                             f'num_heads={num_heads} heads')
        self.embed_dims = embed_dims
        self.num_heads = num_heads
        self.head_dims = embed_dims // num_heads
        self.scale = self.head_dims**-0.5
        self.window_size = None if window_size is None else _pair(
            window_size, 'window_size')
        self.qkv = nn.Linear(embed_dims, embed_dims * 3, bias=qkv_bias)
        self.rel_pos = None if rel_pos_size is None else \
            RelativePositionBias2d(num_heads, _pair(rel_pos_size,
                                                    'rel_pos_size'))
        self.attn_drop = nn.Dropout(attn_drop)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.proj_drop = nn.Dropout(proj_drop)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Cut ``x`` into windows, project to queries, keys and values,
        attend to them, project back and undo the windows."""
        batch, height, width, channels = x.shape
        window = self.window_size or (height, width)
        partitioned = window != (height, width)
        if not partitioned:
            tokens, pad_mask = x.reshape(batch, height * width, channels), None
        else:
            tokens = window_partition(x, window)
            pad_mask = window_padding_mask((height, width), window, x.device)
        num_tokens = tokens.shape[1]

        # (3, B * num_windows, heads, tokens, head_dims)
        qkv = self.qkv(tokens).reshape(-1, num_tokens, 3, self.num_heads,
                                       self.head_dims).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        out = self.attend(q, k, v, window, pad_mask)
        # a view, no copy, where the output is laid out (B * num_windows,
        # tokens, heads, head_dims) in memory, as SDPA's CPU kernel makes it
        out = out.transpose(1, 2).reshape(-1, num_tokens, channels)
        out = self.proj_drop(self.proj(out))

        if not partitioned:
            return out.view(batch, height, width, channels)
        return window_reverse(out, window, (height, width))

    def attend(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
               window: Tuple[int, int],
               pad_mask: Optional[torch.Tensor]) -> torch.Tensor:
        """Attention of the queries ``(B * num_windows, heads, tokens,
        head_dims)`` to the keys and values of their window, with the
        relative position bias and the padded keys masked out."""
        return F.scaled_dot_product_attention(
            q,
            k,
            v,
            attn_mask=self._attn_mask(window, pad_mask, q.shape[0], q.dtype),
            dropout_p=self.attn_drop.p if self.training else 0.,
            scale=self.scale)

    def _attn_mask(self, window: Tuple[int, int],
                   pad_mask: Optional[torch.Tensor], num_windows_total: int,
                   dtype: torch.dtype) -> Optional[torch.Tensor]:
        """The mask for ``scaled_dot_product_attention``: the position bias
        with -inf at padded keys (additive), or without a bias a bool mask
        (True: attend); None when there is neither.

        Broadcastable to ``(num_windows_total, heads, tokens, tokens)``,
        ``num_windows_total`` being ``B * num_windows``.
        """
        # (heads, tokens, tokens), in the queries' dtype as SDPA needs it
        bias = None if self.rel_pos is None else \
            self.rel_pos(*window).to(dtype)
        if pad_mask is None:
            return None if bias is None else bias.unsqueeze(0)
        is_pad_key = pad_mask[:, None, None, :]  # (num_windows, 1, 1, keys)
        if bias is None:
            mask = ~is_pad_key
        else:
            mask = bias.unsqueeze(0).masked_fill(is_pad_key, float('-inf'))
        # The queries hold each image's windows in turn and SDPA's mask has
        # one batch dim: repeat the per-window mask per image (a copy when
        # there is more than one image; a 5-d call would not copy but falls
        # back to SDPA's unfused path, which is slower).
        batch = num_windows_total // pad_mask.shape[0]
        return mask.expand(batch, *mask.shape).reshape(
            num_windows_total, *mask.shape[1:])

    def extra_repr(self) -> str:
        window = 'global' if self.window_size is None else self.window_size
        return (f'embed_dims={self.embed_dims}, num_heads={self.num_heads}, '
                f'window_size={window}')
