"""TensorFlow's 'SAME' padding for strided layers.

TensorFlow pads a strided layer so that the output has ``ceil(size /
stride)`` positions, and puts an odd extra row/column at the bottom/right;
PyTorch's fixed ``padding`` is symmetric. Weights trained with one are off
by a pixel with the other. The conv is mmcv's
:class:`~mmcv.cnn.bricks.Conv2dAdaptivePadding`; the average pool is here.
"""
import math
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_padding(size: Tuple[int, int], kernel: int,
                 stride: int) -> Tuple[int, int, int, int]:
    """``F.pad`` amounts (left, right, top, bottom) of 'SAME' padding."""
    pads = []
    for length in reversed(size):  # F.pad starts with the last dimension
        total = max((math.ceil(length / stride) - 1) * stride + kernel -
                    length, 0)
        pads += [total // 2, total - total // 2]
    return tuple(pads)


class SamePadAvgPool2d(nn.Module):
    """Average pooling with TensorFlow's 'SAME' padding: the padding is
    left out of each average, as TensorFlow does."""

    def __init__(self, kernel_size: int, stride: int):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pad = same_padding(x.shape[-2:], self.kernel_size, self.stride)
        if not any(pad):
            return F.avg_pool2d(x, self.kernel_size, self.stride)
        sums = F.avg_pool2d(
            F.pad(x, pad), self.kernel_size, self.stride, divisor_override=1)
        counts = F.avg_pool2d(
            F.pad(x.new_ones(1, 1, *x.shape[-2:]), pad),
            self.kernel_size,
            self.stride,
            divisor_override=1)
        return sums / counts

    def extra_repr(self) -> str:
        return f'kernel_size={self.kernel_size}, stride={self.stride}'
