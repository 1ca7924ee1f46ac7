"""Learned 2-D relative position bias for attention over a grid of tokens."""
from typing import Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F


def relative_position_index(height: int,
                            width: int,
                            device: torch.device = None) -> torch.Tensor:
    """Index into a ``(2H - 1) x (2W - 1)`` table for every token pair.

    Entry ``[i, j]`` (query ``i``, key ``j``, row-major over the ``H x W``
    grid) points at the offset ``key - query``: row ``dy + H - 1``, column
    ``dx + W - 1`` of the table, flattened.

    Returns:
        Tensor: Long ``(H * W, H * W)``.
    """
    ys = torch.arange(height, device=device)
    xs = torch.arange(width, device=device)
    coords = torch.stack(torch.meshgrid(ys, xs, indexing='ij')).flatten(1)
    offsets = coords[:, None, :] - coords[:, :, None]  # (2, query, key)
    return (offsets[0] + height - 1) * (2 * width - 1) + offsets[1] + width - 1


class RelativePositionBias2d(nn.Module):
    """Per-head bias added to the attention logits of a ``H x W`` grid,
    looked up by the (dy, dx) offset between key and query.

    The table has ``(2 * th - 1) x (2 * tw - 1)`` entries per head for
    ``table_size = (th, tw)``. A grid of another size gets the table resized
    bilinearly to ``(2H - 1) x (2W - 1)`` first (half-pixel centres), so one
    set of parameters serves every window or feature-map size, e.g. a model
    trained at 224 px run at 256 px or on detection inputs.

    Args:
        num_heads (int): Attention heads.
        table_size (int | tuple[int, int]): Grid size the table is made for.
    """

    def __init__(self, num_heads: int,
                 table_size: Union[int, Sequence[int]]):
        super().__init__()
        if isinstance(table_size, int):
            table_size = (table_size, table_size)
        self.table_size: Tuple[int, int] = tuple(table_size)
        if len(self.table_size) != 2 or min(self.table_size) < 1:
            raise ValueError('table_size must be a positive int or two of '
                             f'them, got {table_size!r}')
        th, tw = self.table_size
        self.num_heads = num_heads
        self.table = nn.Parameter(
            torch.zeros(num_heads, 2 * th - 1, 2 * tw - 1))
        nn.init.normal_(self.table, std=.02)

    def forward(self, height: int, width: int) -> torch.Tensor:
        """Bias for a ``height x width`` grid: ``(num_heads, HW, HW)``."""
        table = self.table
        size = (2 * height - 1, 2 * width - 1)
        if tuple(table.shape[1:]) != size:
            table = F.interpolate(
                table[None], size=size, mode='bilinear',
                align_corners=False)[0]
        index = relative_position_index(height, width, table.device)
        return table.flatten(1)[:, index]

    def extra_repr(self) -> str:
        return f'num_heads={self.num_heads}, table_size={self.table_size}'
