from typing import Sequence, Tuple

import torch

from .fused import FusedLinear, fused_kernels_apply


class SplitLinear(FusedLinear):
    """A linear layer whose output comes split along the features into
    parts of ``split_sizes``.

    Where the fused kernels apply (CPU inference, see
    :mod:`~mogaseg.models.layers.fused`), each part is its own GEMM on a
    block of the weight's rows, so each part is dense and a later
    permute-and-copy of a strided slice is saved. Elsewhere one GEMM runs
    and the parts are views of its output (in training, three GEMMs would
    also take three for the input's gradient).

    Args:
        in_features (int): Input features.
        split_sizes (Sequence[int]): Output features of each part.
        bias (bool): Whether the layer has a bias. Defaults to True.
    """

    def __init__(self,
                 in_features: int,
                 split_sizes: Sequence[int],
                 bias: bool = True):
        super().__init__(in_features, sum(split_sizes), bias)
        self.split_sizes = tuple(split_sizes)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        if not fused_kernels_apply(x, self.weight):
            return super().forward(x).split(self.split_sizes, dim=-1)
        biases = self.bias.split(self.split_sizes) if self.bias is not None \
            else [None] * len(self.split_sizes)
        return tuple(
            torch.ops.mkldnn._linear_pointwise(x, weight, bias, 'none', [],
                                               '')
            for weight, bias in zip(
                self.weight.split(self.split_sizes), biases))

    def extra_repr(self) -> str:
        return f'{super().extra_repr()}, split_sizes={self.split_sizes}'
