"""MOAT: Alternating Mobile Convolution and Attention.

Paper: "MOAT: Alternating Mobile Convolution and Attention Brings Strong
Vision Models", ICLR 2023 (arXiv:2210.01820). The official implementation is
TensorFlow (google-research/deeplab2); this is a PyTorch re-implementation
of the same network. Parameter counts equal the official ones exactly
(see ``tests/test_models/test_backbones/test_moat.py``).

Strided convs and the shortcut pools pad as TensorFlow's 'SAME' does (an
odd extra row/column at the bottom/right; ``tf_same_padding=False`` pads
symmetrically), so the released checkpoints load as they are and give the
release's outputs (see :mod:`.moat_release`). One
difference from the TensorFlow code: window attention pads maps that are
not a multiple of the window and masks the padding, where the official code
requires divisible sizes.
"""
import re
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
from mmcv.cnn import ConvModule, build_activation_layer, build_norm_layer
from mmcv.cnn.bricks import Conv2dAdaptivePadding, DropPath
from mmpretrain.models.utils import SELayer
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.registry import MODELS
from ..deploy import register_deploy_block, register_deploy_form
from ..families import BackboneFamily, attach_load_hooks, register_family
from ..layers import (CheckpointedBlock, RelativePositionBias2d,
                      SamePadAvgPool2d, WindowMultiheadAttention,
                      fuse_conv_bn, is_channels_last)
from .base import StagedBackbone
from .moat_deploy import DeployMBConvBlock
from .moat_release import KEY_MARKER, RELEASE_FORMATS

_WindowSize = Optional[Union[int, Sequence[int]]]


class MBConvBlock(CheckpointedBlock):
    """Pre-norm inverted residual block (MBConv) as MOAT and CoAtNet use it.

    ``norm -> 1x1 conv (expand) -> norm -> act -> 3x3 depth-wise conv
    (stride) -> norm -> act [-> SE] -> 1x1 conv (shrink)``, added to a
    shortcut. When the block changes the resolution or the width, the
    shortcut average-pools (``pool_size``, stride ``stride``) and projects
    with a 1x1 conv.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels.
        stride (int): Stride of the depth-wise conv and the shortcut pool.
            Defaults to 1.
        expand_ratio (int): Hidden channels are ``out_channels *
            expand_ratio``. Defaults to 4.
        se_ratio (float, optional): Squeeze-and-excitation with
            ``int(out_channels * se_ratio)`` squeeze channels (SiLU, then a
            sigmoid gate); None for no SE. Defaults to 0.25.
        pool_size (int): Kernel of the shortcut's average pooling. 2 is the
            published classifiers' choice, 3 keeps the pooled shortcut
            aligned with the depth-wise conv for dense tasks. Defaults to 3.
        drop_path_rate (float): Stochastic depth of the residual branch.
            Defaults to 0.
        norm_cfg (dict): Norm of the conv branch. Defaults to BN.
        act_cfg (dict): Activation of the conv branch. Defaults to GELU.
        tf_same_padding (bool): Pad the strided depth-wise conv and the
            shortcut pool as TensorFlow's 'SAME' does (an odd extra
            row/column at the bottom/right). Defaults to False (symmetric).
        with_cp (bool): Activation checkpointing. Defaults to False.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 stride: int = 1,
                 expand_ratio: int = 4,
                 se_ratio: Optional[float] = 0.25,
                 pool_size: int = 3,
                 drop_path_rate: float = 0.,
                 norm_cfg: dict = dict(type='BN'),
                 act_cfg: dict = dict(type='GELU'),
                 tf_same_padding: bool = False,
                 with_cp: bool = False):
        super().__init__()
        self.with_cp = with_cp
        mid_channels = out_channels * expand_ratio
        tf_same_padding = tf_same_padding and stride > 1

        shortcut = []
        if tf_same_padding:
            shortcut.append(SamePadAvgPool2d(pool_size, stride))
        elif stride > 1:
            # Even kernels need ceil_mode to give ceil(H / stride) outputs,
            # the size of the depth-wise conv's output.
            shortcut.append(
                nn.AvgPool2d(
                    pool_size,
                    stride,
                    padding=(pool_size - 1) // 2,
                    ceil_mode=pool_size % 2 == 0,
                    count_include_pad=False))
        if in_channels != out_channels:
            shortcut.append(nn.Conv2d(in_channels, out_channels, 1))
        self.shortcut = nn.Sequential(*shortcut)  # empty: identity

        self.pre_norm = build_norm_layer(norm_cfg, in_channels)[1]
        self.expand_conv = ConvModule(
            in_channels,
            mid_channels,
            1,
            bias=False,
            norm_cfg=norm_cfg,
            act_cfg=act_cfg)
        self.depthwise_conv = ConvModule(
            mid_channels,
            mid_channels,
            3,
            stride=stride,
            padding=0 if tf_same_padding else 1,
            groups=mid_channels,
            bias=False,
            conv_cfg=dict(type='Conv2dAdaptivePadding')
            if tf_same_padding else None,
            norm_cfg=norm_cfg,
            act_cfg=act_cfg)
        self.se = nn.Identity() if se_ratio is None else SELayer(
            mid_channels,
            squeeze_channels=max(1, int(out_channels * se_ratio)),
            act_cfg=(dict(type='SiLU'), dict(type='Sigmoid')))
        self.shrink_conv = nn.Conv2d(mid_channels, out_channels, 1)
        self.drop_path = DropPath(
            drop_path_rate) if drop_path_rate > 0. else nn.Identity()

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.depthwise_conv(self.expand_conv(self.pre_norm(x)))
        out = self.shrink_conv(self.se(out))
        return self.shortcut(x) + self.drop_path(out)


class MOATBlock(CheckpointedBlock):
    """MOAT block: an MBConv without SE (it does the block's down-sampling)
    followed by pre-norm multi-head self-attention with a residual.

    The attention runs over the whole map (``window_size=None``) or inside
    non-overlapping windows; see :class:`WindowMultiheadAttention`.

    Args:
        in_channels (int): Input channels.
        out_channels (int): Output channels (also of the attention).
        stride (int): Stride of the MBConv. Defaults to 1.
        expand_ratio (int): MBConv expansion. Defaults to 4.
        head_dims (int): Channels per attention head. Defaults to 32.
        window_size (int | tuple[int, int], optional): Attention window; None
            for global attention. Defaults to None.
        rel_pos_size (int | tuple[int, int], optional): Grid size of the
            relative position bias table (resized to the window or map when
            they differ); None for no relative position bias. Defaults to 7.
        pool_size (int): Kernel of the MBConv shortcut pooling. Defaults
            to 3.
        drop_path_rate (float): Stochastic depth of both residual branches.
            Defaults to 0.
        norm_cfg (dict): Norm of the MBConv. Defaults to BN.
        act_cfg (dict): Activation of the MBConv. Defaults to GELU.
        attn_norm_cfg (dict): Pre-norm of the attention. Defaults to
            ``dict(type='LN', eps=1e-5)``.
        tf_same_padding (bool): TensorFlow's 'SAME' padding in the MBConv
            (see :class:`MBConvBlock`). Defaults to False.
        with_cp (bool): Activation checkpointing. Defaults to False.
    """

    attn_cls = WindowMultiheadAttention

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 stride: int = 1,
                 expand_ratio: int = 4,
                 head_dims: int = 32,
                 window_size: _WindowSize = None,
                 rel_pos_size: _WindowSize = 7,
                 pool_size: int = 3,
                 drop_path_rate: float = 0.,
                 norm_cfg: dict = dict(type='BN'),
                 act_cfg: dict = dict(type='GELU'),
                 attn_norm_cfg: dict = dict(type='LN', eps=1e-5),
                 tf_same_padding: bool = False,
                 with_cp: bool = False):
        super().__init__()
        self.with_cp = with_cp
        self.mbconv = MBConvBlock(
            in_channels,
            out_channels,
            stride=stride,
            expand_ratio=expand_ratio,
            se_ratio=None,
            pool_size=pool_size,
            drop_path_rate=drop_path_rate,
            norm_cfg=norm_cfg,
            act_cfg=act_cfg,
            tf_same_padding=tf_same_padding)
        self.attn_norm = build_norm_layer(attn_norm_cfg, out_channels)[1]
        self.attn = self.attn_cls(
            out_channels,
            num_heads=out_channels // head_dims,
            window_size=window_size,
            rel_pos_size=rel_pos_size)
        self.drop_path = DropPath(
            drop_path_rate) if drop_path_rate > 0. else nn.Identity()

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        # On a channels_last map (what MOAT feeds its blocks) both permutes
        # are free views: the attention gets (B, H, W, C) contiguous and
        # the block returns NCHW-shaped, channels_last memory, no copies.
        x = self.mbconv(x).permute(0, 2, 3, 1)
        x = x + self.drop_path(self.attn(self.attn_norm(x)))
        return x.permute(0, 3, 1, 2)


@MODELS.register_module()
class MOAT(StagedBackbone):
    """MOAT and tiny-MOAT backbones.

    A conv stem (3x3 conv, stride 2, norm, activation, 3x3 conv) and four
    stages of strides 4, 8, 16 and 32: two of :class:`MBConvBlock` (with SE)
    and two of :class:`MOATBlock`; the first block of each stage
    down-samples. Stage outputs are the residual stream itself (no norm):
    the published classifier normalises only after global pooling
    (``gap_before_final_norm``), and the published dense models (deeplab2)
    take the stage outputs through a GELU (``out_act_cfg``), not a norm.

    Attention is global by default (the classification setting). For dense
    tasks set ``window_size`` per stage, e.g. ``(None, None, 14, 7)``, the
    official default windows: non-overlapping windows without shifts (the
    MBConvs exchange information across windows); maps not a multiple of
    the window are padded and the padding masked out. The relative position
    bias of each MOAT stage has a table of fixed size ``rel_pos_size`` (14
    and 7, as published), resized bilinearly to the window, or to the whole
    map for global attention, so any input size works with the same
    parameters (as in the official code).

    Args:
        arch (str | dict): 'moat-0' ... 'moat-4', 'tiny-moat-0' ...
            'tiny-moat-3', or a dict with keys ``stem_channels`` (widths of
            the stem convs), ``embed_dims`` and ``depths`` (one value per
            stage) and optionally ``block_types`` (per stage, 'mbconv' or
            'moat'; defaults to two of each). Defaults to 'moat-0'.
        in_channels (int): Input channels. Defaults to 3.
        out_indices (Sequence[int] | int): Stages whose outputs are returned.
            Defaults to (3, ).
        frozen_stages (int): Freeze the stem and stages ``0..frozen_stages``
            (no gradients, eval mode); -1 freezes nothing. Defaults to -1.
        norm_eval (bool): Keep BatchNorm layers in eval mode in training.
            Defaults to False.
        drop_path_rate (float): Stochastic depth; block ``i`` of ``n`` gets
            ``drop_path_rate * i / n`` (the official schedule: the first
            block 0, the last slightly below the rate). Defaults to 0.
        window_size (Sequence): Attention window per stage, each None
            (global attention), an int or ``(h, w)``; None for MBConv stages.
            Defaults to global attention everywhere.
        use_rel_pos (bool): Relative position bias in the attention; the
            published "no_pe" models set it False. Defaults to True.
        rel_pos_size (Sequence): Bias table grid size per stage (None for
            MBConv stages). Defaults to (None, None, 14, 7).
        global_attn_at_stage_end (bool): The last block of each MOAT stage
            uses global attention even where ``window_size`` is set (an
            option of the official code). Defaults to False.
        expand_ratio (int): MBConv expansion. Defaults to 4.
        se_ratio (float): SE squeeze ratio of the MBConv stages, relative to
            the block's output width. Defaults to 0.25.
        head_dims (int): Channels per attention head. Defaults to 32.
        pool_size (int): Kernel of the down-sampling shortcut's average
            pooling: 2 in the published classifiers, 3 (the official
            default) for dense tasks. Defaults to 3.
        gap_before_final_norm (bool): Globally average-pool the last stage
            and apply a LayerNorm, the published classifier's norm before
            its logits layer; the last stage is then returned as ``(N, C)``
            and a classifier config needs no neck. Needs the last stage in
            ``out_indices``. Defaults to False.
        out_act_cfg (dict, optional): Activation applied to the returned
            (unpooled) stage outputs; ``dict(type='GELU')`` matches the
            features the official dense models consume. Defaults to None.
        norm_cfg (dict): Norm of the conv parts. Defaults to BN with
            ``eps=1e-3, momentum=0.01``, the Keras defaults of the official
            model; use SyncBN for multi-GPU dense training.
        act_cfg (dict): Activation of the conv parts. Defaults to GELU.
        attn_norm_cfg (dict): Pre-norm of the attention (and the final
            norm). Defaults to ``dict(type='LN', eps=1e-5)``.
        tf_same_padding (bool): Pad the strided stem conv, the strided
            depth-wise convs and the shortcut pools as TensorFlow's 'SAME'
            (an odd extra row/column at the bottom/right), as the released
            weights need. Defaults to True; False pads symmetrically.
        with_cp (bool): Activation checkpointing per block. Defaults to
            False.
        init_cfg (dict | list[dict], optional): MMEngine init config, e.g.
            ``dict(type='Pretrained', checkpoint='...', prefix='backbone.')``.
            Without it, weights follow the official initialisation.

    Example:
        >>> import torch
        >>> from mogaseg.models import MOAT
        >>> model = MOAT('tiny-moat-0', out_indices=(0, 1, 2, 3),
        ...              window_size=(None, None, 14, 7)).eval()
        >>> for out in model(torch.rand(1, 3, 224, 224)):
        ...     print(tuple(out.shape))
        (1, 32, 56, 56)
        (1, 64, 28, 28)
        (1, 128, 14, 14)
        (1, 256, 7, 7)
    """
    arch_zoo: Dict[str, dict] = {
        'moat-0': {
            'stem_channels': [64, 64],
            'embed_dims': [96, 192, 384, 768],
            'depths': [2, 3, 7, 2],
        },
        'moat-1': {
            'stem_channels': [64, 64],
            'embed_dims': [96, 192, 384, 768],
            'depths': [2, 6, 14, 2],
        },
        'moat-2': {
            'stem_channels': [128, 128],
            'embed_dims': [128, 256, 512, 1024],
            'depths': [2, 6, 14, 2],
        },
        'moat-3': {
            'stem_channels': [160, 160],
            'embed_dims': [160, 320, 640, 1280],
            'depths': [2, 12, 28, 2],
        },
        'moat-4': {
            'stem_channels': [256, 256],
            'embed_dims': [256, 512, 1024, 2048],
            'depths': [2, 12, 28, 2],
        },
        'tiny-moat-0': {
            'stem_channels': [32, 32],
            'embed_dims': [32, 64, 128, 256],
            'depths': [2, 3, 7, 2],
        },
        'tiny-moat-1': {
            'stem_channels': [40, 40],
            'embed_dims': [40, 80, 160, 320],
            'depths': [2, 3, 7, 2],
        },
        'tiny-moat-2': {
            'stem_channels': [56, 56],
            'embed_dims': [56, 112, 224, 448],
            'depths': [2, 3, 7, 2],
        },
        'tiny-moat-3': {
            'stem_channels': [80, 80],
            'embed_dims': [80, 160, 320, 640],
            'depths': [2, 3, 7, 2],
        },
    }
    arch_keys = ('stem_channels', 'embed_dims', 'depths')
    arch_optional_keys = ('block_types', )
    arch_stage_keys = ('embed_dims', 'depths', 'block_types')
    _block_types = ('mbconv', 'moat')
    moat_block_cls = MOATBlock

    def __init__(self,
                 arch: Union[str, dict] = 'moat-0',
                 in_channels: int = 3,
                 out_indices: Union[int, Sequence[int]] = (3, ),
                 frozen_stages: int = -1,
                 norm_eval: bool = False,
                 drop_path_rate: float = 0.,
                 window_size: Optional[Sequence[_WindowSize]] = None,
                 use_rel_pos: bool = True,
                 rel_pos_size: Sequence[_WindowSize] = (None, None, 14, 7),
                 global_attn_at_stage_end: bool = False,
                 expand_ratio: int = 4,
                 se_ratio: float = 0.25,
                 head_dims: int = 32,
                 pool_size: int = 3,
                 gap_before_final_norm: bool = False,
                 out_act_cfg: Optional[dict] = None,
                 norm_cfg: dict = dict(type='BN', eps=1e-3, momentum=0.01),
                 act_cfg: dict = dict(type='GELU'),
                 attn_norm_cfg: dict = dict(type='LN', eps=1e-5),
                 tf_same_padding: bool = True,
                 with_cp: bool = False,
                 init_cfg: Optional[Union[dict, List[dict]]] = None):
        super().__init__(init_cfg=init_cfg)
        self.tf_same_padding = tf_same_padding
        arch = self._parse_arch(arch)
        self.stem_channels = list(arch['stem_channels'])
        self.embed_dims = list(arch['embed_dims'])
        self.depths = list(arch['depths'])
        self.block_types = list(
            arch.get('block_types', ['mbconv', 'mbconv', 'moat', 'moat']))
        self.num_stages = len(self.depths)

        self._set_stage_options(self.num_stages, out_indices, frozen_stages,
                                norm_eval)
        if gap_before_final_norm and \
                self.num_stages - 1 not in self.out_indices:
            raise ValueError('gap_before_final_norm needs the last stage '
                             f'in out_indices, got {self.out_indices}')
        self.gap_before_final_norm = gap_before_final_norm

        if window_size is None:
            window_size = [None] * self.num_stages
        rel_pos_size = list(rel_pos_size)
        window_size = list(window_size)
        for name, values in (('window_size', window_size),
                             ('rel_pos_size', rel_pos_size)):
            if len(values) != self.num_stages:
                raise ValueError(f'{name} needs one value per stage '
                                 f'({self.num_stages}), got {values!r}')
        for i, block_type in enumerate(self.block_types):
            if block_type == 'mbconv' and window_size[i] is not None:
                raise ValueError(f'stage {i} is an MBConv stage and has no '
                                 f'attention window: {window_size!r}')
            if block_type == 'moat':
                if self.embed_dims[i] % head_dims != 0:
                    raise ValueError(
                        f'embed_dims[{i}]={self.embed_dims[i]} is not a '
                        f'multiple of head_dims={head_dims}')
                if use_rel_pos and rel_pos_size[i] is None:
                    raise ValueError(f'use_rel_pos needs rel_pos_size for '
                                     f'MOAT stage {i}: {rel_pos_size!r}')
        self.window_size = window_size
        self.use_rel_pos = use_rel_pos

        self.stem = self._make_stem(in_channels, norm_cfg, act_cfg)

        # The official schedule: block i of n drops with rate * i / n.
        total = sum(self.depths)
        block_idx = 0
        self.stages = nn.ModuleList()
        channels = self.stem_channels[-1]
        for i, (depth, block_type) in enumerate(
                zip(self.depths, self.block_types)):
            blocks = []
            for j in range(depth):
                common = dict(
                    in_channels=channels if j == 0 else self.embed_dims[i],
                    out_channels=self.embed_dims[i],
                    stride=2 if j == 0 else 1,
                    expand_ratio=expand_ratio,
                    pool_size=pool_size,
                    drop_path_rate=drop_path_rate * block_idx / total,
                    norm_cfg=norm_cfg,
                    act_cfg=act_cfg,
                    tf_same_padding=tf_same_padding,
                    with_cp=with_cp)
                if block_type == 'mbconv':
                    blocks.append(MBConvBlock(se_ratio=se_ratio, **common))
                else:
                    last = j == depth - 1
                    blocks.append(
                        self.moat_block_cls(
                            head_dims=head_dims,
                            window_size=None if last and
                            global_attn_at_stage_end else window_size[i],
                            rel_pos_size=rel_pos_size[i]
                            if use_rel_pos else None,
                            attn_norm_cfg=attn_norm_cfg,
                            **common))
                block_idx += 1
            channels = self.embed_dims[i]
            self.stages.append(nn.Sequential(*blocks))

        if gap_before_final_norm:
            self.final_norm = build_norm_layer(attn_norm_cfg, channels)[1]
        self.out_act = nn.Identity() if out_act_cfg is None else \
            build_activation_layer(out_act_cfg)

        attach_load_hooks(self)
        self._freeze_stages()

    def _check_arch(self, arch: dict) -> None:
        numbers = list(arch['stem_channels']) + list(arch['embed_dims']) + \
            list(arch['depths'])
        if not arch['stem_channels'] or not all(
                isinstance(n, int) and n > 0 for n in numbers):
            raise ValueError('stem_channels, embed_dims and depths of a '
                             f'custom MOAT arch must be positive ints, got '
                             f'{arch!r}')
        bad = set(arch.get('block_types', [])) - set(self._block_types)
        if bad:
            raise ValueError(f'Unknown block types {sorted(bad)}; choose '
                             f'from {self._block_types}')

    def _make_stem(self, in_channels: int, norm_cfg: dict,
                   act_cfg: dict) -> nn.Sequential:
        """3x3 convs (the first of stride 2) with a norm and an activation
        between consecutive convs, none after the last."""
        layers = []
        for i, channels in enumerate(self.stem_channels):
            if i > 0:
                layers += [
                    build_norm_layer(norm_cfg, in_channels)[1],
                    build_activation_layer(act_cfg)
                ]
            if i == 0 and self.tf_same_padding:
                layers.append(
                    Conv2dAdaptivePadding(in_channels, channels, 3, 2))
            else:
                layers.append(
                    nn.Conv2d(in_channels, channels, 3, 2 if i == 0 else 1,
                              1))
            in_channels = channels
        return nn.Sequential(*layers)

    def _init_module(self, module: nn.Module) -> None:
        _init_moat_weights(module)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        out_format = torch.channels_last if is_channels_last(x) else \
            torch.contiguous_format
        # One layout change for the whole network: convs run faster on
        # channels_last maps and the attention reads them without copies.
        outs = self._forward_stages(
            x.contiguous(memory_format=torch.channels_last))
        # Necks and heads get the layout they were given, as before.
        return tuple(
            out.contiguous(memory_format=out_format) if out.dim() == 4 else
            out for out in outs)

    def _forward_stages(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        """Stem and stages; the outputs are in whatever layout the layers
        produce from ``x``'s."""
        x = self.stem(x)
        outs = []
        last = max(self.out_indices)
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i in self.out_indices:
                if self.gap_before_final_norm and i == self.num_stages - 1:
                    outs.append(self.final_norm(x.mean(dim=(2, 3))))
                else:
                    outs.append(self.out_act(x))
            if i == last:
                break  # later stages would be computed for nothing
        return tuple(outs)

    def _param_position(self, name: str):
        if name.startswith('stem.'):
            return 0, None
        match = re.match(r'^stages\.(\d+)\.(\d+)\.', name)
        return (int(match.group(1)), int(match.group(2))) if match else None

    def _stage_modules(self, i: int) -> List[nn.Module]:
        return [self.stem, self.stages[0]] if i == 0 else [self.stages[i]]


@register_deploy_form(MOAT)
def _fold_moat_stem(moat: MOAT, options) -> Optional[MOAT]:
    """Each stem BatchNorm folded into the conv before it, in place (the
    blocks have deploy forms of their own).

    Only a norm after a conv folds: one before a padded conv would not be
    exact at the borders (the padding is zeros, not the norm of zeros).
    """
    layers = []
    for layer in moat.stem:
        if isinstance(layer, _BatchNorm) and layers and \
                isinstance(layers[-1], nn.Conv2d):
            layers[-1] = fuse_conv_bn(layers[-1], layer)
        else:
            layers.append(layer)
    if len(layers) == len(moat.stem):
        return None
    moat.stem = nn.Sequential(*layers)
    return moat


register_deploy_block(MBConvBlock, DeployMBConvBlock)


def _init_moat_weights(m: nn.Module):
    if isinstance(m, (nn.Conv2d, nn.Linear)):
        nn.init.normal_(m.weight, std=.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (_BatchNorm, nn.GroupNorm, nn.LayerNorm)):
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, RelativePositionBias2d):
        nn.init.normal_(m.table, std=.02)


register_family(
    BackboneFamily(
        backbone=MOAT,
        blocks=(MBConvBlock, MOATBlock),
        key_marker=KEY_MARKER,
        name_prefixes=('tiny-moat-', 'moat-'),
        arch_in_name=True,
        release_formats=RELEASE_FORMATS,
        test_kwargs=dict(
            arch=dict(stem_channels=[16], embed_dims=[16, 32, 64, 64],
                      depths=[1, 1, 1, 1]),
            head_dims=16,
            window_size=(None, None, 3, 2))))
