"""MogaNet: Multi-order Gated Aggregation Network.

Paper: "MogaNet: Multi-order Gated Aggregation Network", ICLR 2024
(arXiv:2211.03295).

Module and parameter names follow the published checkpoints
(``patch_embed{i}``, ``blocks{i}``, ``norm{i}``, ``attn.value.DW_conv0`` ...),
so the released weights load into :class:`MogaNet` as they are (any of the
release's files converts while it loads: :mod:`mogaseg.checkpoint`).
"""
import math
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_activation_layer, build_norm_layer
from mmcv.cnn.bricks import DropPath
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.registry import MODELS
from ..deploy import register_deploy_block, register_deploy_form
from ..families import (BackboneFamily, PublishedModel, attach_load_hooks,
                        register_family)
from ..layers import (CheckpointedBlock, ElementScale, check_channels_last,
                      fuse_conv_bn, is_channels_last, working_memory_format)
from .base import StagedBackbone
from .layer_depth import numbered_stage_position
from .moganet_deploy import DeployMogaBlock
from .moganet_release import (KEY_MARKER, RELEASE_FORMATS,
                              convert_moganet_official)


def _same_padding(kernel_size: int, dilation: int = 1) -> int:
    return dilation * (kernel_size - 1) // 2


class StackConvPatchEmbed(nn.Module):
    """Stem: two stride-2 convolutions with a norm and activation between.

    ``projection`` is ``Sequential(conv, norm, act, conv, norm)``; the indices
    0, 1, 3, 4 are the parameter names of the published checkpoints.
    """

    def __init__(self,
                 in_channels: int,
                 embed_dims: int,
                 kernel_size: int = 3,
                 stride: int = 2,
                 act_cfg: dict = dict(type='GELU'),
                 norm_cfg: dict = dict(type='BN')):
        super().__init__()
        mid_channels = embed_dims // 2
        padding = _same_padding(kernel_size)
        self.projection = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size, stride, padding),
            build_norm_layer(norm_cfg, mid_channels)[1],
            build_activation_layer(act_cfg),
            nn.Conv2d(mid_channels, embed_dims, kernel_size, stride, padding),
            build_norm_layer(norm_cfg, embed_dims)[1],
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.projection(x)


@register_deploy_form(StackConvPatchEmbed)
def _fold_stack_conv_embed(embed: StackConvPatchEmbed,
                           options) -> Optional[StackConvPatchEmbed]:
    """The stem with each BatchNorm folded into the conv before it (in
    place)."""
    layers = embed.projection
    if not all(isinstance(layers[i], _BatchNorm) for i in (1, 4)):
        return None
    embed.projection = nn.Sequential(
        fuse_conv_bn(layers[0], layers[1]), nn.Identity(), layers[2],
        fuse_conv_bn(layers[3], layers[4]), nn.Identity())
    return embed


class ConvPatchEmbed(nn.Module):
    """Down-sampling between stages: one strided convolution and a norm."""

    def __init__(self,
                 in_channels: int,
                 embed_dims: int,
                 kernel_size: int = 3,
                 stride: int = 2,
                 norm_cfg: dict = dict(type='BN')):
        super().__init__()
        self.projection = nn.Conv2d(in_channels, embed_dims, kernel_size,
                                    stride, _same_padding(kernel_size))
        self.norm = build_norm_layer(norm_cfg, embed_dims)[1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(self.projection(x))


@register_deploy_form(ConvPatchEmbed)
def _fold_conv_embed(embed: ConvPatchEmbed,
                     options) -> Optional[ConvPatchEmbed]:
    """The embedding with its BatchNorm folded into its conv (in place)."""
    if not isinstance(embed.norm, _BatchNorm):
        return None
    embed.projection = fuse_conv_bn(embed.projection, embed.norm)
    embed.norm = nn.Identity()
    return embed


class MultiOrderDWConv(nn.Module):
    """Multi-order context from three dilated depth-wise convolutions.

    A 5x5 depth-wise conv (dilation ``dw_dilation[0]``) runs on all channels
    (low order). Its output is split along channels in the ratio
    ``channel_split``: the first part is kept, the second goes through a 5x5
    conv with dilation ``dw_dilation[1]`` (middle order) and the third
    through a 7x7 conv with dilation ``dw_dilation[2]`` (high order). A 1x1
    conv mixes the concatenated parts.

    Args:
        embed_dims (int): Number of channels, divisible by
            ``sum(channel_split)``.
        dw_dilation (Sequence[int]): Dilations of the three convs.
            Defaults to (1, 2, 3).
        channel_split (Sequence[int]): Relative channel share of the three
            orders. Defaults to (1, 3, 4).
    """

    def __init__(self,
                 embed_dims: int,
                 dw_dilation: Sequence[int] = (1, 2, 3),
                 channel_split: Sequence[int] = (1, 3, 4)):
        super().__init__()
        if len(dw_dilation) != 3 or len(channel_split) != 3:
            raise ValueError('dw_dilation and channel_split need three '
                             f'values each, got {dw_dilation} and '
                             f'{channel_split}')
        if embed_dims % sum(channel_split) != 0:
            raise ValueError(f'embed_dims={embed_dims} is not divisible by '
                             f'sum(channel_split)={sum(channel_split)}')
        total = sum(channel_split)
        self.embed_dims = embed_dims
        self.embed_dims_1 = int(channel_split[1] / total * embed_dims)
        self.embed_dims_2 = int(channel_split[2] / total * embed_dims)
        self.embed_dims_0 = embed_dims - self.embed_dims_1 - self.embed_dims_2

        def dwconv(channels, kernel_size, dilation):
            return nn.Conv2d(
                channels,
                channels,
                kernel_size,
                padding=_same_padding(kernel_size, dilation),
                dilation=dilation,
                groups=channels)

        self.DW_conv0 = dwconv(embed_dims, 5, dw_dilation[0])
        self.DW_conv1 = dwconv(self.embed_dims_1, 5, dw_dilation[1])
        self.DW_conv2 = dwconv(self.embed_dims_2, 7, dw_dilation[2])
        self.PW_conv = nn.Conv2d(embed_dims, embed_dims, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x_0 = self.DW_conv0(x)
        x_0, x_1, x_2 = torch.split(
            x_0, [self.embed_dims_0, self.embed_dims_1, self.embed_dims_2],
            dim=1)
        x = torch.cat([x_0, self.DW_conv1(x_1), self.DW_conv2(x_2)], dim=1)
        return self.PW_conv(x)


class MultiOrderGatedAggregation(nn.Module):
    """Spatial aggregation block (SMixer) of MogaNet.

    ``proj_1`` followed by feature decomposition (the input minus its global
    average, re-weighted by a learnable :class:`ElementScale`), then a gate
    branch (1x1 conv) and a context branch (:class:`MultiOrderDWConv`), both
    activated and multiplied, and ``proj_2``. The block adds its own input
    back.

    Args:
        embed_dims (int): Number of channels.
        attn_dw_dilation (Sequence[int]): See :class:`MultiOrderDWConv`.
        attn_channel_split (Sequence[int]): See :class:`MultiOrderDWConv`.
        attn_act_cfg (dict): Activation of the gate and context branches.
            Defaults to SiLU.
        attn_force_fp32 (bool): Compute the gating product and ``proj_2`` in
            fp32 under autocast; the product of two SiLU outputs can overflow
            fp16. Defaults to False.
    """

    def __init__(self,
                 embed_dims: int,
                 attn_dw_dilation: Sequence[int] = (1, 2, 3),
                 attn_channel_split: Sequence[int] = (1, 3, 4),
                 attn_act_cfg: dict = dict(type='SiLU'),
                 attn_force_fp32: bool = False):
        super().__init__()
        self.attn_force_fp32 = attn_force_fp32
        self.proj_1 = nn.Conv2d(embed_dims, embed_dims, 1)
        self.gate = nn.Conv2d(embed_dims, embed_dims, 1)
        self.value = MultiOrderDWConv(embed_dims, attn_dw_dilation,
                                      attn_channel_split)
        self.proj_2 = nn.Conv2d(embed_dims, embed_dims, 1)
        self.act_value = build_activation_layer(attn_act_cfg)
        self.act_gate = build_activation_layer(attn_act_cfg)
        self.sigma = ElementScale(embed_dims, init_value=1e-5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shortcut = x
        x = self.proj_1(x)
        # feature decomposition: x + sigma * (x - GAP(x))
        x = x + self.sigma(x - F.adaptive_avg_pool2d(x, output_size=1))
        x = self.act_value(x)
        gate, context = self.act_gate(self.gate(x)), self.value(x)
        if self.attn_force_fp32 and torch.is_autocast_enabled(
                x.device.type):
            with torch.autocast(device_type=x.device.type, enabled=False):
                x = self.proj_2(gate.float() *
                                self.act_gate(context.float()))
        else:
            x = self.proj_2(gate * self.act_gate(context))
        return x + shortcut


class ChannelAggregationFFN(nn.Module):
    """Channel aggregation feed-forward network (CMixer) of MogaNet.

    1x1 expansion, 3x3 depth-wise conv, activation, then channel aggregation:
    the hidden features are pushed away from a single-channel projection of
    themselves (``decompose``) by a learnable :class:`ElementScale`, before
    the 1x1 reduction.

    Args:
        embed_dims (int): Number of input and output channels.
        feedforward_channels (int): Hidden channels.
        kernel_size (int): Kernel of the depth-wise conv. Defaults to 3.
        act_cfg (dict): Activation. Defaults to GELU.
        ffn_drop (float): Dropout after the activation and at the output.
            Defaults to 0.
    """

    def __init__(self,
                 embed_dims: int,
                 feedforward_channels: int,
                 kernel_size: int = 3,
                 act_cfg: dict = dict(type='GELU'),
                 ffn_drop: float = 0.):
        super().__init__()
        self.fc1 = nn.Conv2d(embed_dims, feedforward_channels, 1)
        self.dwconv = nn.Conv2d(
            feedforward_channels,
            feedforward_channels,
            kernel_size,
            padding=_same_padding(kernel_size),
            groups=feedforward_channels)
        self.act = build_activation_layer(act_cfg)
        self.fc2 = nn.Conv2d(feedforward_channels, embed_dims, 1)
        self.drop = nn.Dropout(ffn_drop)
        self.decompose = nn.Conv2d(feedforward_channels, 1, 1)
        self.sigma = ElementScale(feedforward_channels, init_value=1e-5)
        self.decompose_act = build_activation_layer(act_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.drop(self.act(self.dwconv(self.fc1(x))))
        # channel aggregation: x + sigma * (x - act(decompose(x)))
        x = x + self.sigma(x - self.decompose_act(self.decompose(x)))
        return self.drop(self.fc2(x))


@MODELS.register_module()
class MogaBlock(CheckpointedBlock):
    """One MogaNet block: pre-norm SMixer and CMixer, each with layer scale
    and stochastic depth on its residual branch.

    Args:
        embed_dims (int): Number of channels.
        ffn_ratio (float): Hidden/input channel ratio of the CMixer.
        drop_rate (float): Dropout inside the CMixer. Defaults to 0.
        drop_path_rate (float): Stochastic depth rate. Defaults to 0.
        act_cfg (dict): Activation of the CMixer. Defaults to GELU.
        norm_cfg (dict): Pre-norms. Defaults to BN.
        init_value (float): Initial layer scale. Defaults to 1e-5.
        with_cp (bool): Recompute the block in backward instead of storing
            its activations. Defaults to False.
        **attn_kwargs: ``attn_dw_dilation``, ``attn_channel_split``,
            ``attn_act_cfg``, ``attn_force_fp32`` of
            :class:`MultiOrderGatedAggregation`.
    """

    def __init__(self,
                 embed_dims: int,
                 ffn_ratio: float = 4.,
                 drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 act_cfg: dict = dict(type='GELU'),
                 norm_cfg: dict = dict(type='BN'),
                 init_value: float = 1e-5,
                 with_cp: bool = False,
                 **attn_kwargs):
        super().__init__()
        self.with_cp = with_cp
        self.norm1 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.attn = MultiOrderGatedAggregation(embed_dims, **attn_kwargs)
        self.norm2 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.mlp = ChannelAggregationFFN(
            embed_dims=embed_dims,
            feedforward_channels=int(embed_dims * ffn_ratio),
            act_cfg=act_cfg,
            ffn_drop=drop_rate)
        self.drop_path = DropPath(
            drop_path_rate) if drop_path_rate > 0. else nn.Identity()
        # Plain parameters (not ElementScale): these are the names and
        # shapes of the published checkpoints.
        self.layer_scale_1 = nn.Parameter(
            torch.full((1, embed_dims, 1, 1), float(init_value)))
        self.layer_scale_2 = nn.Parameter(
            torch.full((1, embed_dims, 1, 1), float(init_value)))

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.drop_path(self.layer_scale_1 * self.attn(self.norm1(x)))
        return x + self.drop_path(
            self.layer_scale_2 * self.mlp(self.norm2(x)))


@MODELS.register_module()
class MogaNet(StagedBackbone):
    """MogaNet backbone.

    A four-stage hierarchy (strides 4, 8, 16, 32). Stage ``i`` is a conv
    patch embedding (a two-conv stem for the first stage), ``depths[i]``
    :class:`MogaBlock` s and a norm ``norm{i+1}``; the norm lies on the main
    path, so the next stage consumes the normalised features.

    Args:
        arch (str | dict): A name in :attr:`arch_zoo` ('xtiny', 'tiny',
            'small', 'base', 'large', 'xlarge' or their short forms) or a dict
            with keys ``embed_dims``, ``depths`` and ``ffn_ratios`` (four
            values each). Defaults to 'tiny'.
        in_channels (int): Input channels. Defaults to 3.
        out_indices (Sequence[int] | int): Stages whose outputs are returned.
            Defaults to (3, ), the last stage, for classification.
        frozen_stages (int): Stages ``0..frozen_stages`` are frozen (no
            gradients, eval mode). -1 freezes nothing. Defaults to -1.
        norm_eval (bool): Keep BatchNorm layers in eval mode during training
            (frozen statistics), as dense-task fine-tuning often does.
            Defaults to False.
        drop_rate (float): Dropout in the CMixers. Defaults to 0.
        drop_path_rate (float): Stochastic depth rate, increased linearly
            from 0 over all blocks to this value. Defaults to 0.
        init_value (float): Initial layer scale. Defaults to 1e-5.
        patch_sizes (Sequence[int]): Kernel size of each stage's patch
            embedding; the stride is ``k // 2 + 1``. Defaults to (3, 3, 3, 3).
        stem_type (str): 'ConvEmbed' (two-conv stem) or 'Conv' (one strided
            conv) for the first stage. Defaults to 'ConvEmbed'.
        norm_cfg (dict): Norm of blocks, embeddings and stage outputs.
            Defaults to ``dict(type='BN')``; use SyncBN for multi-GPU dense
            training.
        act_cfg (dict): Activation of stem and CMixers. Defaults to GELU.
        attn_dw_dilation (Sequence[int]): Dilations of the three depth-wise
            convs of the SMixer. Defaults to (1, 2, 3).
        attn_channel_split (Sequence[int]): Channel ratio of the three orders.
            Defaults to (1, 3, 4).
        attn_act_cfg (dict): Activation of the gating. Defaults to SiLU.
        attn_final_dilation (bool): Whether the last stage uses
            ``attn_dw_dilation``; False uses (1, 2, 1) there, for small
            feature maps. Defaults to True.
        attn_force_fp32 (bool): Run the gating in fp32 under AMP. A model
            trained with it should be evaluated with it. Defaults to False.
        with_cp (bool): Activation checkpointing per block. Defaults to False.
        channels_last (bool | str): Compute in channels_last (NHWC), with
            channels-first outputs for a channels-first input. 'auto' does
            on CPU, where it is faster; a channels_last input is kept
            channels_last throughout. Defaults to 'auto'.
        init_cfg (dict | list[dict], optional): MMEngine init config, e.g.
            ``dict(type='Pretrained', checkpoint='...', prefix='backbone.')``.
            Without it, weights follow the paper's initialisation.

    Example:
        >>> import torch
        >>> from mogaseg.models import MogaNet
        >>> model = MogaNet('xtiny', out_indices=(0, 1, 2, 3)).eval()
        >>> for out in model(torch.rand(1, 3, 224, 224)):
        ...     print(tuple(out.shape))
        (1, 32, 56, 56)
        (1, 64, 28, 28)
        (1, 96, 14, 14)
        (1, 192, 7, 7)
    """
    arch_zoo: Dict[str, dict] = {
        **dict.fromkeys(['xt', 'x-tiny', 'xtiny'], {
            'embed_dims': [32, 64, 96, 192],
            'depths': [3, 3, 10, 2],
            'ffn_ratios': [8, 8, 4, 4],
        }),
        **dict.fromkeys(['t', 'tiny'], {
            'embed_dims': [32, 64, 128, 256],
            'depths': [3, 3, 12, 2],
            'ffn_ratios': [8, 8, 4, 4],
        }),
        **dict.fromkeys(['s', 'small'], {
            'embed_dims': [64, 128, 320, 512],
            'depths': [2, 3, 12, 2],
            'ffn_ratios': [8, 8, 4, 4],
        }),
        **dict.fromkeys(['b', 'base'], {
            'embed_dims': [64, 160, 320, 512],
            'depths': [4, 6, 22, 3],
            'ffn_ratios': [8, 8, 4, 4],
        }),
        **dict.fromkeys(['l', 'large'], {
            'embed_dims': [64, 160, 320, 640],
            'depths': [4, 6, 44, 4],
            'ffn_ratios': [8, 8, 4, 4],
        }),
        **dict.fromkeys(['xl', 'x-large', 'xlarge'], {
            'embed_dims': [96, 192, 480, 960],
            'depths': [6, 6, 44, 4],
            'ffn_ratios': [8, 8, 4, 4],
        }),
    }
    arch_keys = arch_stage_keys = ('embed_dims', 'depths', 'ffn_ratios')
    block_cls = MogaBlock

    def __init__(self,
                 arch: Union[str, dict] = 'tiny',
                 in_channels: int = 3,
                 out_indices: Union[int, Sequence[int]] = (3, ),
                 frozen_stages: int = -1,
                 norm_eval: bool = False,
                 drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 init_value: float = 1e-5,
                 patch_sizes: Sequence[int] = (3, 3, 3, 3),
                 stem_type: str = 'ConvEmbed',
                 norm_cfg: dict = dict(type='BN'),
                 act_cfg: dict = dict(type='GELU'),
                 attn_dw_dilation: Sequence[int] = (1, 2, 3),
                 attn_channel_split: Sequence[int] = (1, 3, 4),
                 attn_act_cfg: dict = dict(type='SiLU'),
                 attn_final_dilation: bool = True,
                 attn_force_fp32: bool = False,
                 with_cp: bool = False,
                 channels_last: Union[bool, str] = 'auto',
                 init_cfg: Optional[Union[dict, List[dict]]] = None):
        super().__init__(init_cfg=init_cfg)
        self.channels_last = check_channels_last(channels_last)
        self.arch_settings = self._parse_arch(arch)
        self.embed_dims = list(self.arch_settings['embed_dims'])
        self.depths = list(self.arch_settings['depths'])
        self.ffn_ratios = list(self.arch_settings['ffn_ratios'])
        self.num_stages = len(self.depths)

        self._set_stage_options(self.num_stages, out_indices, frozen_stages,
                                norm_eval)
        if stem_type not in ('ConvEmbed', 'Conv'):
            raise ValueError(f"stem_type must be 'ConvEmbed' or 'Conv', "
                             f'got {stem_type!r}')

        # on the CPU also when built under a meta / cuda default device
        block_drop_rates = torch.linspace(
            0, drop_path_rate, sum(self.depths), device='cpu').tolist()
        block_idx = 0
        for i, depth in enumerate(self.depths):
            stride = patch_sizes[i] // 2 + 1
            if i == 0 and stem_type == 'ConvEmbed':
                patch_embed = StackConvPatchEmbed(
                    in_channels,
                    self.embed_dims[i],
                    kernel_size=patch_sizes[i],
                    stride=stride,
                    act_cfg=act_cfg,
                    norm_cfg=norm_cfg)
            else:
                patch_embed = ConvPatchEmbed(
                    in_channels if i == 0 else self.embed_dims[i - 1],
                    self.embed_dims[i],
                    kernel_size=patch_sizes[i],
                    stride=stride,
                    norm_cfg=norm_cfg)
            is_last = i == self.num_stages - 1
            dilation = attn_dw_dilation if attn_final_dilation or not is_last \
                else (1, 2, 1)
            blocks = nn.ModuleList([
                self.block_cls(
                    self.embed_dims[i],
                    ffn_ratio=self.ffn_ratios[i],
                    drop_rate=drop_rate,
                    drop_path_rate=block_drop_rates[block_idx + j],
                    act_cfg=act_cfg,
                    norm_cfg=norm_cfg,
                    init_value=init_value,
                    with_cp=with_cp,
                    attn_dw_dilation=dilation,
                    attn_channel_split=attn_channel_split,
                    attn_act_cfg=attn_act_cfg,
                    attn_force_fp32=attn_force_fp32) for j in range(depth)
            ])
            block_idx += depth
            self.add_module(f'patch_embed{i + 1}', patch_embed)
            self.add_module(f'blocks{i + 1}', blocks)
            self.add_module(f'norm{i + 1}',
                            build_norm_layer(norm_cfg, self.embed_dims[i])[1])

        attach_load_hooks(self)
        self._freeze_stages()

    def _init_module(self, module: nn.Module) -> None:
        init_moganet_weights(module)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        keep_channels_last = is_channels_last(x)
        x = x.contiguous(
            memory_format=working_memory_format(x, self.channels_last))
        outs = []
        for i in range(self.num_stages):
            x = getattr(self, f'patch_embed{i + 1}')(x)
            for block in getattr(self, f'blocks{i + 1}'):
                x = block(x)
            x = getattr(self, f'norm{i + 1}')(x)
            if i in self.out_indices:
                outs.append(x if keep_channels_last else x.contiguous())
            if i == max(self.out_indices):
                break  # later stages would be computed for nothing
        return tuple(outs)

    def _param_position(self, name: str):
        return numbered_stage_position(name)

    def _stage_modules(self, i: int) -> List[nn.Module]:
        return [
            getattr(self, f'patch_embed{i + 1}'),
            getattr(self, f'blocks{i + 1}'),
            getattr(self, f'norm{i + 1}')
        ]


def init_moganet_weights(m: nn.Module):
    """The paper's initialisation: He-normal convs with the fan-out counted
    per group, truncated-normal linears, unit norms."""
    if isinstance(m, nn.Conv2d):
        fan_out = m.kernel_size[0] * m.kernel_size[1] * m.out_channels
        fan_out //= m.groups
        nn.init.normal_(m.weight, 0, math.sqrt(2.0 / fan_out))
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Linear):
        nn.init.trunc_normal_(m.weight, std=.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (_BatchNorm, nn.GroupNorm, nn.LayerNorm)):
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)


register_deploy_block(MogaBlock, DeployMogaBlock)


register_family(
    BackboneFamily(
        backbone=MogaNet,
        blocks=(MogaBlock, ),
        key_marker=KEY_MARKER,
        name_prefixes=('moganet-', ),
        release_formats=RELEASE_FORMATS,
        convert_classifier=convert_moganet_official,
        published={
            f'moganet-{size}': PublishedModel(
                f'configs/moganet/moganet-{size}_8xb128_in1k.py',
                f'moganet_{size}', 'Westlake-AI/MogaNet: models/moganet.py')
            for size in ('xtiny', 'tiny', 'small')
        },
        test_kwargs=dict(
            arch=dict(embed_dims=[16, 32, 48, 64], depths=[1, 1, 2, 1],
                      ffn_ratios=[4, 4, 4, 4]))))
