"""VAN: Visual Attention Network (large kernel attention).

Paper: "Visual Attention Network", arXiv:2202.09741.

mmpretrain implements VAN already; this subclass only adds the names the
paper's later versions use (B0-B6), among them the larger B4-B6. Its
``out_indices`` and per-stage norms (on the main path) serve dense tasks as
they are.
"""
from typing import Optional

from mmpretrain.models.backbones import VAN as MMPretrainVAN
from mmpretrain.models.backbones.van import VANBlock, VANPatchEmbed
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.models.layers import check_channels_last, working_memory_format
from mogaseg.models.layers.fusion import fuse_conv_bn
from mogaseg.registry import MODELS
from ..deploy import register_deploy_block, register_deploy_form
from ..families import BackboneFamily, attach_load_hooks, register_family
from .layer_depth import LayerDepthMixin, numbered_stage_position
from .van_deploy import DeployVANBlock
from .van_release import KEY_MARKER, RELEASE_FORMATS


@MODELS.register_module()
class VAN(LayerDepthMixin, MMPretrainVAN):
    """mmpretrain's :class:`~mmpretrain.models.backbones.VAN` with the arch
    names 'b0'..'b6' (B0-B3 are mmpretrain's tiny/small/base/large).

    All arguments are those of mmpretrain's VAN, and:

    Args:
        channels_last (bool | str): Run the stages in channels_last (NHWC):
            each patch embedding converts its input, as mmpretrain's VAN
            returns channels-first stage outputs. 'auto' does on CPU,
            where it is faster, or for a channels_last input. Defaults to
            'auto'.

    Example:
        >>> import torch
        >>> from mogaseg.models import VAN
        >>> model = VAN('b0', out_indices=(0, 1, 2, 3)).eval()
        >>> for out in model(torch.rand(1, 3, 224, 224)):
        ...     print(tuple(out.shape))
        (1, 32, 56, 56)
        (1, 64, 28, 28)
        (1, 160, 14, 14)
        (1, 256, 7, 7)
    """
    arch_zoo = {
        **MMPretrainVAN.arch_zoo,
        'b0': MMPretrainVAN.arch_zoo['tiny'],
        'b1': MMPretrainVAN.arch_zoo['small'],
        'b2': MMPretrainVAN.arch_zoo['base'],
        'b3': MMPretrainVAN.arch_zoo['large'],
        'b4': {
            'embed_dims': [64, 128, 320, 512],
            'depths': [3, 6, 40, 3],
            'ffn_ratios': [8, 8, 4, 4],
        },
        'b5': {
            'embed_dims': [96, 192, 480, 768],
            'depths': [3, 3, 24, 3],
            'ffn_ratios': [8, 8, 4, 4],
        },
        'b6': {
            'embed_dims': [96, 192, 384, 768],
            'depths': [6, 6, 90, 6],
            'ffn_ratios': [8, 8, 4, 4],
        },
    }

    def __init__(self, *args, channels_last='auto', **kwargs):
        super().__init__(*args, **kwargs)
        # mmpretrain's VAN takes any index and ignores those past the end
        out_indices = [self.out_indices] if isinstance(
            self.out_indices, int) else list(self.out_indices)
        bad = [i for i in out_indices if not -self.num_stages <= i <
               self.num_stages]
        if bad or not -1 <= self.frozen_stages < self.num_stages:
            raise ValueError(
                f'out_indices {out_indices} and frozen_stages '
                f'{self.frozen_stages} must name stages of the '
                f'{self.num_stages} (out_indices out of range: {bad})')
        self.channels_last = check_channels_last(channels_last)
        attach_load_hooks(self)
        for i in range(self.num_stages):
            getattr(self, f'patch_embed{i + 1}').register_forward_pre_hook(
                self._stage_input_format)

    def _param_position(self, name: str):
        return numbered_stage_position(name)

    def _stage_input_format(self, patch_embed, args):
        x = args[0]
        return (x.contiguous(
            memory_format=working_memory_format(x, self.channels_last)),
                *args[1:])

    def train(self, mode: bool = True):
        # mmpretrain's VAN.train returns None, so ``VAN(...).eval()``
        # would too; nn.Module.train returns the module.
        super().train(mode)
        return self


@register_deploy_form(VANPatchEmbed)
def _fold_van_patch_embed(embed: VANPatchEmbed,
                          options) -> Optional[VANPatchEmbed]:
    """The embedding with its BatchNorm folded into its conv, in place
    (``VANPatchEmbed`` skips a None norm)."""
    if not isinstance(embed.norm, _BatchNorm):
        return None
    embed.projection = fuse_conv_bn(embed.projection, embed.norm)
    embed.norm = None
    return embed


register_deploy_block(VANBlock, DeployVANBlock)
# The block alone, for models that stack it themselves (SimVP's translator).
MODELS.register_module(module=VANBlock)

register_family(
    BackboneFamily(
        backbone=VAN,
        blocks=(VANBlock, ),
        key_marker=KEY_MARKER,
        name_prefixes=('van-', ),
        release_formats=RELEASE_FORMATS,
        test_kwargs=dict(
            arch=dict(embed_dims=[16, 32, 48, 64], depths=[1, 1, 2, 1],
                      ffn_ratios=[4, 4, 4, 4]))))
