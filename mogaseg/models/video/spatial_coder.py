"""SimVP's frame-wise spatial encoder and decoder.

Every frame goes through the same stack of conv-GroupNorm-SiLU layers; every
second layer halves (encoder) or doubles (decoder) the resolution. The
decoder adds the encoder's first-layer features to the input of its last
layer: a skip connection that carries the fine detail past the translator.
"""
from typing import List, Tuple

import torch
import torch.nn as nn


def resampling_steps(num_layers: int) -> List[bool]:
    """Which of ``num_layers`` layers change the resolution: the second,
    fourth, ... (so ``num_layers // 2`` of them)."""
    return [i % 2 == 1 for i in range(num_layers)]


class ConvGNSiLU(nn.Module):
    """conv -> GroupNorm(2) -> SiLU, optionally at half or double the input
    resolution.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels.
        kernel_size (int): Kernel of the conv. Defaults to 3.
        downsample (bool): Stride 2. Defaults to False.
        upsample (bool): Conv to 4x the channels, then ``PixelShuffle(2)``.
            Defaults to False.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 kernel_size: int = 3,
                 downsample: bool = False,
                 upsample: bool = False):
        super().__init__()
        if downsample and upsample:
            raise ValueError('a layer either downsamples or upsamples')
        stride = 2 if downsample else 1
        # 'same' output size for stride 1, exactly half for stride 2
        padding = (kernel_size - stride + 1) // 2
        scale = 2 if upsample else 1
        self.conv = nn.Conv2d(in_channels, out_channels * scale**2,
                              kernel_size, stride, padding)
        self.shuffle = nn.PixelShuffle(scale) if upsample else nn.Identity()
        self.norm = nn.GroupNorm(2, out_channels)
        self.act = nn.SiLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.norm(self.shuffle(self.conv(x))))


class SpatialEncoder(nn.Module):
    """``num_layers`` :class:`ConvGNSiLU` layers; every second one
    downsamples.

    Args:
        in_channels (int): Channels of a frame.
        channels (int): Channels of every layer.
        num_layers (int): Number of layers.
        kernel_size (int): Kernel of the convs. Defaults to 3.
    """

    def __init__(self,
                 in_channels: int,
                 channels: int,
                 num_layers: int,
                 kernel_size: int = 3):
        super().__init__()
        self.layers = nn.ModuleList(
            ConvGNSiLU(in_channels if i == 0 else channels, channels,
                       kernel_size, downsample=down)
            for i, down in enumerate(resampling_steps(num_layers)))

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Frames ``(N, C, H, W)`` -> ``(latent, skip)``: the last layer's
        features and the first layer's (for the decoder's skip)."""
        skip = x = self.layers[0](x)
        for layer in self.layers[1:]:
            x = layer(x)
        return x, skip


class SpatialDecoder(nn.Module):
    """The encoder's mirror: ``num_layers`` :class:`ConvGNSiLU` layers that
    upsample where the encoder downsampled, the skip added before the last
    one, and a 1x1 readout to the frame's channels.

    Args:
        channels (int): Channels of every layer.
        out_channels (int): Channels of a frame.
        num_layers (int): Number of layers.
        kernel_size (int): Kernel of the convs. Defaults to 3.
    """

    def __init__(self,
                 channels: int,
                 out_channels: int,
                 num_layers: int,
                 kernel_size: int = 3):
        super().__init__()
        self.layers = nn.ModuleList(
            ConvGNSiLU(channels, channels, kernel_size, upsample=up)
            for up in reversed(resampling_steps(num_layers)))
        self.readout = nn.Conv2d(channels, out_channels, 1)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        """Latent features and the encoder's skip -> frames."""
        for layer in self.layers[:-1]:
            x = layer(x)
        return self.readout(self.layers[-1](x + skip))
