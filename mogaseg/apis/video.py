"""Video prediction on a user's frames (a video model has no task library
whose inference function would do it)."""
from typing import Union

import numpy as np
import torch
import torch.nn as nn
from mmengine.structures import BaseDataElement

FramesType = Union[np.ndarray, torch.Tensor]


def as_frames(frames: FramesType, in_shape) -> torch.Tensor:
    """``(T, C, H, W)`` float frames from an array or tensor of shape
    ``(T, C, H, W)`` or, for one channel, ``(T, H, W)``; uint8 frames are
    scaled to [0, 1], as the datasets scale them."""
    frames = torch.as_tensor(np.asarray(frames) if isinstance(
        frames, np.ndarray) else frames)
    if frames.dim() == 3 and in_shape[1] == 1:
        frames = frames[:, None]
    if frames.dim() != 4 or tuple(frames.shape[:2]) != tuple(in_shape[:2]):
        raise ValueError(
            f'the model takes {in_shape[0]} frames of {in_shape[1]} '
            f'channel(s), (T, C, H, W) = ({in_shape[0]}, {in_shape[1]}, H, '
            f'W), got an array of shape {tuple(frames.shape)}')
    if frames.dtype == torch.uint8:
        return frames.float() / 255.
    return frames.float()


def predict_video(model: nn.Module, frames: FramesType) -> BaseDataElement:
    """The frames that follow ``frames``, as a data sample whose
    ``pred_frames`` is ``(T, C, H, W)`` on the CPU, in the units of the
    model's dataset."""
    device = next(model.parameters()).device
    inputs = as_frames(frames, model.in_shape)[None].to(device)
    with torch.no_grad():
        pred = model(inputs, mode='predict')[0]
    return pred.cpu()

