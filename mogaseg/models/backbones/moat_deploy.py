"""The inference form of an MBConv block: its BatchNorms folded into its
convolutions."""
import torch
import torch.nn as nn
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.models.layers import BatchChunkedBlock
from mogaseg.models.layers.fusion import fuse_bn_conv, fuse_conv_bn


class DeployMBConvBlock(BatchChunkedBlock):
    """An ``MBConvBlock`` with its BatchNorms folded; for inference only.

    ``pre_norm`` and the expand conv's norm go into the 1x1 expand conv
    (``pre_norm`` exactly, as that conv has no padding), the depth-wise
    conv's norm into the depth-wise conv. The statistics are baked in: the
    block cannot train.

    Args:
        block (MBConvBlock): A block whose three norms are BatchNorms (see
            :meth:`can_fold`). Its shortcut, SE and shrink conv are shared
            with the new block, not copied.
        options (DeployOptions): Batch chunks.
    """

    def __init__(self, block: nn.Module, options):
        super().__init__(options.chunk_bytes)
        if not self.can_fold(block):
            raise ValueError('only an MBConvBlock with BatchNorm norms folds')
        expand, depthwise = block.expand_conv, block.depthwise_conv
        self.shortcut = block.shortcut
        self.expand_conv = nn.Sequential(
            fuse_conv_bn(fuse_bn_conv(block.pre_norm, expand.conv),
                         expand.norm), expand.activate)
        self.depthwise_conv = nn.Sequential(
            fuse_conv_bn(depthwise.conv, depthwise.norm), depthwise.activate)
        self.se = block.se
        self.shrink_conv = block.shrink_conv

    @staticmethod
    def can_fold(block: nn.Module) -> bool:
        """Whether the pre-norm and both conv norms are BatchNorms with
        activations after the convs (other norms do not fold)."""
        convs = (block.expand_conv, block.depthwise_conv)
        return isinstance(block.pre_norm, _BatchNorm) and all(
            getattr(conv, 'with_norm', False) and conv.with_activation
            and isinstance(conv.norm, _BatchNorm) for conv in convs)

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.depthwise_conv(self.expand_conv(x))
        return self.shortcut(x) + self.shrink_conv(self.se(out))
