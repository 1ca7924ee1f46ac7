import torch
import torch.nn as nn


def scaled_residual(x: torch.Tensor, y: torch.Tensor,
                    scale: torch.Tensor, drop_path: nn.Module) -> torch.Tensor:
    """``x + drop_path(scale * y)``, the residual of a branch with layer
    scale, in one pass over the map when there is no drop path to apply
    (eval mode, or a rate of 0) instead of a multiply and an add.

    ``scale`` broadcasts against ``y`` (a per-channel layer scale).
    """
    if isinstance(drop_path, nn.Identity) or not drop_path.training:
        return torch.addcmul(x, scale, y)
    return x + drop_path(scale * y)
