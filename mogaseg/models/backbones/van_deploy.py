"""The inference form of a VAN block: its BatchNorms and layer scales
folded into the block's 1x1 convolutions."""
from typing import Optional

import torch
import torch.nn as nn
from mmpretrain.models.backbones.van import VANBlock
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.models.layers import BatchChunkedBlock
from mogaseg.models.layers.fusion import bn_affine, fuse_bn_conv, scale_conv


def _layer_scale(scale: Optional[nn.Parameter],
                 like: torch.Tensor) -> torch.Tensor:
    # layer_scale_init_value=0 builds the block without layer scales.
    if scale is None:
        return like.new_ones(like.shape[0])
    return scale.detach()


class DeployVANBlock(BatchChunkedBlock):
    """mmpretrain's ``VANBlock`` with its BatchNorms and layer scales
    folded into its 1x1 convs; for inference only.

    In eval mode (drop path and dropout are identities) a VAN block is::

        u = bn1(x)
        x = x + ls1 * (proj_2(lka(act(proj_1(u)))) + u)
        x = x + ls2 * fc2(act(dwconv(fc1(bn2(x)))))

    With ``bn1(x) = s1 * x + t1`` (running statistics) the attention's
    inner shortcut joins the block's residual, and the rest goes into the
    1x1 convs, which have no padding, so the fold is exact::

        x = x * (1 + ls1 * s1) + proj_2'(lka(act(proj_1'(x))))
        x = x + fc2'(act(dwconv(fc1'(x))))

    with ``proj_1' = proj_1(bn1(.))``, ``proj_2' = ls1 * (proj_2 + t1)``,
    ``fc1' = fc1(bn2(.))`` and ``fc2' = ls2 * fc2``. The statistics and
    layer scales are baked into the weights: the block cannot train.

    Args:
        block (VANBlock): A block whose two norms are BatchNorms (see
            :meth:`can_fold`). Its depth-wise convs and activations are
            shared with the new block, not copied.
        options (DeployOptions): Batch chunks.
    """

    def __init__(self, block: VANBlock, options):
        super().__init__(options.chunk_bytes)
        if not self.can_fold(block):
            raise ValueError('only a VANBlock with BatchNorm norms folds')
        attn, mlp = block.attn, block.mlp
        self.out_channels = block.out_channels  # VAN.forward reads it

        scale1, shift1 = bn_affine(block.norm1)
        ls1 = _layer_scale(block.layer_scale_1, scale1)
        self.proj_1 = fuse_bn_conv(block.norm1, attn.proj_1)
        self.activation = attn.activation
        self.lka = attn.spatial_gating_unit
        self.proj_2 = scale_conv(attn.proj_2, out_scale=ls1)
        # scale_conv made a new conv, so its bias is ours to change.
        self.proj_2.bias.data.add_(ls1 * shift1)
        self.register_buffer('shortcut_scale',
                             (1 + ls1 * scale1).view(1, -1, 1, 1))

        ls2 = _layer_scale(block.layer_scale_2, scale1)
        self.fc1 = fuse_bn_conv(block.norm2, mlp.fc1)
        self.dwconv = mlp.dwconv
        self.mlp_act = mlp.act
        self.fc2 = scale_conv(mlp.fc2, out_scale=ls2)

    @staticmethod
    def can_fold(block: nn.Module) -> bool:
        """Whether ``block`` is a ``VANBlock`` with BatchNorm norms (other
        norms depend on more than the channel and do not fold)."""
        return (isinstance(block, VANBlock)
                and isinstance(block.norm1, _BatchNorm)
                and isinstance(block.norm2, _BatchNorm))

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        attn = self.activation(self.proj_1(x))
        # LKA's own forward first clones its input; the product needs no
        # copy.
        lka = self.lka
        attn = attn * lka.conv1(lka.DW_D_conv(lka.DW_conv(attn)))
        x = torch.addcmul(self.proj_2(attn), x, self.shortcut_scale)
        return x + self.fc2(self.mlp_act(self.dwconv(self.fc1(x))))
