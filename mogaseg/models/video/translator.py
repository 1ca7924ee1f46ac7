"""SimVP's translator: blocks of an image backbone applied to the features
of all input frames stacked along the channels, so that the block's spatial
mixing also mixes time."""
from typing import List

import torch
import torch.nn as nn

from mogaseg.registry import MODELS


class TranslatorLayer(nn.Module):
    """One block, then a 1x1 conv where the channels change.

    Args:
        block (nn.Module): A block that keeps its input's shape.
        in_channels (int): Channels of the block.
        out_channels (int): Channels of the output.
    """

    def __init__(self, block: nn.Module, in_channels: int,
                 out_channels: int):
        super().__init__()
        self.block = block
        self.channel_proj = nn.Conv2d(
            in_channels, out_channels,
            1) if in_channels != out_channels else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.channel_proj(self.block(x))


def translator_drop_path_rates(num_blocks: int, drop_path_rate: float,
                               first_rate: float = 1e-2) -> List[float]:
    """Stochastic depth from ``first_rate`` to ``drop_path_rate`` linearly
    over the blocks, the published recipe's rule (which keeps small
    non-zero rates in the first blocks even at ``drop_path_rate=0``)."""
    step = (drop_path_rate - first_rate) / (num_blocks - 1)
    return [first_rate + i * step for i in range(num_blocks)]


class TemporalTranslator(nn.Module):
    """``num_blocks`` blocks on ``(B, T*C, H, W)`` features: the first runs
    at ``in_channels`` and projects to ``channels``, the last runs at
    ``channels`` and projects back.

    Args:
        in_channels (int): Channels of the stacked frames (``T*C``).
        channels (int): Channels of the blocks between the first and last.
        num_blocks (int): Number of blocks, at least 2.
        block (dict): The block's config, built from our registry with
            ``embed_dims`` and ``drop_path_rate`` added, e.g.
            ``dict(type='mogaseg.MogaBlock', ffn_ratio=8.)`` or
            ``dict(type='mogaseg.VANBlock', ffn_ratio=8.)``: the blocks of
            the ImageNet backbones.
        drop_path_rate (float): Stochastic depth of the last block (see
            :func:`translator_drop_path_rates`). Defaults to 0.
    """

    def __init__(self,
                 in_channels: int,
                 channels: int,
                 num_blocks: int,
                 block: dict,
                 drop_path_rate: float = 0.):
        super().__init__()
        if num_blocks < 2:
            raise ValueError('the translator needs at least 2 blocks (one '
                             f'in, one out), got num_blocks={num_blocks}')
        rates = translator_drop_path_rates(num_blocks, drop_path_rate)
        widths = [in_channels] + [channels] * (num_blocks - 1) + \
            [in_channels]
        self.layers = nn.ModuleList(
            TranslatorLayer(
                MODELS.build(
                    dict(block, embed_dims=widths[i],
                         drop_path_rate=rates[i])), widths[i],
                widths[i + 1]) for i in range(num_blocks))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return x
