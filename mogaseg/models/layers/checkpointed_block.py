import torch
import torch.nn as nn
import torch.utils.checkpoint as cp


class CheckpointedBlock(nn.Module):
    """A block that can recompute its activations in backward.

    Subclasses set ``self.with_cp`` and implement ``_forward(x)``. With
    ``with_cp`` and a gradient to compute, the block keeps only its input
    and runs ``_forward`` again in backward: less memory, more compute.
    """
    with_cp: bool = False

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.with_cp and x.requires_grad:
            return cp.checkpoint(self._forward, x, use_reentrant=False)
        return self._forward(x)
