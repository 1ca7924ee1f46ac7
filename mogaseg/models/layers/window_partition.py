"""Non-overlapping windows of a channels-last feature map.

Maps whose size is not a multiple of the window are zero-padded at the
bottom and right before the split; :func:`window_padding_mask` says which
window tokens are such padding, so attention can ignore them, and
:func:`window_reverse` crops the padding away again.
"""
import math
from typing import Optional, Tuple

import torch
import torch.nn.functional as F


def _padded_size(size: int, window: int) -> int:
    return math.ceil(size / window) * window


def window_partition(x: torch.Tensor,
                     window_size: Tuple[int, int]) -> torch.Tensor:
    """Split ``(B, H, W, C)`` into windows of ``window_size`` tokens.

    Args:
        x (Tensor): Feature map of shape ``(B, H, W, C)``.
        window_size (tuple[int, int]): Window height and width.

    Returns:
        Tensor: ``(B * num_windows, wh * ww, C)``, windows in row-major order
        per image, tokens in row-major order per window. A view of ``x``
        where the layout allows (no padding and windows as wide as the map
        or one row high), else one copy (two with padding).
    """
    batch, height, width, channels = x.shape
    wh, ww = window_size
    pad_h = _padded_size(height, wh) - height
    pad_w = _padded_size(width, ww) - width
    if pad_h or pad_w:
        x = F.pad(x, (0, 0, 0, pad_w, 0, pad_h))
    rows, cols = (height + pad_h) // wh, (width + pad_w) // ww
    # reshape, not view: x may be a permuted view (e.g. of an NCHW map)
    x = x.reshape(batch, rows, wh, cols, ww, channels)
    # (B, rows, cols, wh, ww, C): one window's tokens become contiguous
    x = x.permute(0, 1, 3, 2, 4, 5)
    return x.reshape(batch * rows * cols, wh * ww, channels)


def window_reverse(windows: torch.Tensor, window_size: Tuple[int, int],
                   size: Tuple[int, int]) -> torch.Tensor:
    """Inverse of :func:`window_partition`, padding cropped away.

    Args:
        windows (Tensor): ``(B * num_windows, wh * ww, C)``.
        window_size (tuple[int, int]): Window height and width.
        size (tuple[int, int]): ``(H, W)`` of the map before partitioning.

    Returns:
        Tensor: ``(B, H, W, C)``. Where padding was cropped, a view into
        the padded map (not contiguous): whoever needs it contiguous pays
        for that copy, most callers (a residual add) do not.
    """
    height, width = size
    wh, ww = window_size
    rows = _padded_size(height, wh) // wh
    cols = _padded_size(width, ww) // ww
    channels = windows.shape[-1]
    x = windows.reshape(-1, rows, cols, wh, ww, channels)
    x = x.permute(0, 1, 3, 2, 4, 5).reshape(-1, rows * wh, cols * ww,
                                             channels)
    if rows * wh != height or cols * ww != width:
        x = x[:, :height, :width]
    return x


def window_padding_mask(
        size: Tuple[int, int],
        window_size: Tuple[int, int],
        device: Optional[torch.device] = None) -> Optional[torch.Tensor]:
    """Which window tokens :func:`window_partition` filled with padding.

    Args:
        size (tuple[int, int]): ``(H, W)`` of the map.
        window_size (tuple[int, int]): Window height and width.
        device (torch.device, optional): Device of the mask.

    Returns:
        Tensor | None: Bool ``(num_windows, wh * ww)``, True at padding, or
        None when the map needs no padding. Every window holds at least one
        real token (padding is shorter than a window).
    """
    height, width = size
    wh, ww = window_size
    padded_h, padded_w = _padded_size(height, wh), _padded_size(width, ww)
    if padded_h == height and padded_w == width:
        return None
    is_pad = torch.ones(1, padded_h, padded_w, 1, dtype=torch.bool,
                        device=device)
    is_pad[:, :height, :width] = False
    return window_partition(is_pad, window_size).squeeze(-1)
