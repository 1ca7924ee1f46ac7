"""The memory format a backbone computes in, chosen once at its input.

On CPU, convolutions (oneDNN) run faster on channels_last (NHWC) maps than
on channels-first ones: MogaNet-T inference took 1.6x less time, training
1.4x (``tools/analysis/benchmark.py --ablate``). The layout changes no
result beyond float rounding. Necks and heads get what they always got:
channels-first outputs for a channels-first input, channels_last ones for
a channels_last input.
"""
from typing import Union

import torch

ChannelsLast = Union[bool, str]


def check_channels_last(channels_last: ChannelsLast) -> ChannelsLast:
    if channels_last not in (True, False, 'auto'):
        raise ValueError("channels_last must be True, False or 'auto', got "
                         f'{channels_last!r}')
    return channels_last


def is_channels_last(x: torch.Tensor) -> bool:
    """A 4-d map stored NHWC (and not also NCHW, as 1x1 maps are)."""
    return x.dim() == 4 and not x.is_contiguous() and x.is_contiguous(
        memory_format=torch.channels_last)


def working_memory_format(x: torch.Tensor,
                          channels_last: ChannelsLast) -> torch.memory_format:
    """channels_last if asked for (True), if the input already is, or with
    'auto' on CPU, where it is measured faster; else channels-first."""
    if channels_last is True or is_channels_last(x) or (
            channels_last == 'auto' and x.device.type == 'cpu'):
        return torch.channels_last
    return torch.contiguous_format
