import torch
import torch.nn as nn


class ElementScale(nn.Module):
    """Learnable per-channel scale for NCHW tensors.

    Args:
        channels (int): Number of channels.
        init_value (float): Initial value of every scale. Defaults to 0.
        requires_grad (bool): Whether the scale is learned. Defaults to True.
    """

    def __init__(self,
                 channels: int,
                 init_value: float = 0.,
                 requires_grad: bool = True):
        super().__init__()
        # (1, C, 1, 1) broadcasts over N, H and W; the shape is also the one
        # published MogaNet checkpoints store.
        self.scale = nn.Parameter(
            torch.full((1, channels, 1, 1), float(init_value)),
            requires_grad=requires_grad)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.scale
