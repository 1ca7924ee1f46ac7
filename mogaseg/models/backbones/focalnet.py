"""FocalNet: Focal Modulation Networks.

Paper: "Focal Modulation Networks", Yang et al., NeurIPS 2022
(arXiv:2203.11926); official code: https://github.com/microsoft/FocalNet.

Module and parameter names follow the published checkpoints
(``patch_embed``, ``layers.{i}.blocks.{j}.modulation.focal_layers.{k}.0``,
``layers.{i}.downsample``, ``gamma_1`` ...), and the per-output norms are
named ``norm{i}`` as in the official detection/segmentation code. A
published ImageNet checkpoint differs in one key only: its final ``norm``,
which :class:`FocalNet` maps onto the norm of the last stage while loading
(see :func:`.focalnet_release.load_official_layout`), so
``init_cfg=dict(type='Pretrained', checkpoint=<official .pth>)`` works
without a conversion step (whole classifiers: :mod:`mogaseg.checkpoint`).
"""
import re
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_activation_layer, build_norm_layer
from mmcv.cnn.bricks import DropPath
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.registry import MODELS
from ..deploy import register_deploy_block
from ..families import (BackboneFamily, PublishedModel, attach_load_hooks,
                        register_family)
from ..layers import CheckpointedBlock, gated_focal_context
from .base import StagedBackbone
from .focalnet_deploy import DeployFocalNetBlock
from .focalnet_release import (KEY_MARKER, RELEASE_FORMATS,
                               convert_focalnet_official,
                               load_official_layout)


class FocalPatchEmbed(nn.Module):
    """Patch embedding of the stem and of the down-sampling between stages.

    A strided convolution followed by an optional norm. The input is padded
    on the right and bottom to a multiple of the stride, so any input size
    works and the output is ``ceil(size / stride)``.

    With ``use_conv_embed`` the convolution overlaps its neighbours: kernel
    ``2 * stride - 1`` with padding ``stride // 2`` (7x7 / 2 for the stride-4
    stem, 3x3 / 1 for stride 2), as the published large models use;
    otherwise kernel = stride (non-overlapping patches).

    Args:
        in_channels (int): Input channels.
        embed_dims (int): Output channels.
        stride (int): Down-sampling factor (the patch size).
        use_conv_embed (bool): Overlapping convolution. Defaults to False.
        norm_cfg (dict, optional): Norm over the channels of the output.
            Defaults to LN.

    Shape: (B, C_in, H, W) -> (B, ceil(H / stride), ceil(W / stride), C_out)
    (channels last).

    Not mmcv's ``PatchEmbed``: its adaptive padding replaces the symmetric
    padding of the overlapping convolutions the published weights were
    trained with, and its names (``projection``) differ from theirs.
    """

    def __init__(self,
                 in_channels: int,
                 embed_dims: int,
                 stride: int,
                 use_conv_embed: bool = False,
                 norm_cfg: Optional[dict] = dict(type='LN')):
        super().__init__()
        self.stride = stride
        if use_conv_embed:
            kernel_size, padding = 2 * stride - 1, stride // 2
        else:
            kernel_size, padding = stride, 0
        self.proj = nn.Conv2d(
            in_channels,
            embed_dims,
            kernel_size=kernel_size,
            stride=stride,
            padding=padding)
        self.norm = build_norm_layer(norm_cfg, embed_dims)[1] \
            if norm_cfg is not None else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        height, width = x.shape[-2:]
        pad_h = -height % self.stride
        pad_w = -width % self.stride
        if pad_h or pad_w:
            x = F.pad(x, (0, pad_w, 0, pad_h))
        # A channels-last input makes the conv write channels-last, so the
        # permute below is a free view instead of a later copy (the blocks'
        # inputs between stages are channels-last already).
        x = x.contiguous(memory_format=torch.channels_last)
        x = self.proj(x).permute(0, 2, 3, 1)  # B, H', W', C
        if self.norm is not None:
            x = self.norm(x)
        return x


class FocalModulation(nn.Module):
    """Focal modulation, the token mixer of FocalNet.

    ``f`` projects every token to a query, a context and ``focal_level + 1``
    gates. The context passes through ``focal_level`` depth-wise convolutions
    in sequence (kernel ``focal_factor * l + focal_window`` at level ``l``,
    each followed by the activation), whose outputs, plus a global average of
    the last level, are summed with the gates as weights (hierarchical
    contextualisation and gated aggregation). ``h`` (1x1 conv) turns the
    aggregate into the modulator, which multiplies the query element-wise;
    ``proj`` mixes the result.

    Args:
        embed_dims (int): Channels.
        focal_level (int): Number of depth-wise convolution levels.
        focal_window (int): Kernel size of the first level.
        focal_factor (int): Kernel growth per level. Defaults to 2.
        act_cfg (dict): Activation after each level and on the global
            context. Defaults to GELU.
        proj_drop (float): Dropout after ``proj``. Defaults to 0.
        normalize_modulator (bool): Divide the aggregate by
            ``focal_level + 1``. Defaults to False.
        use_postln_in_modulation (bool): LayerNorm (``ln``) on the modulated
            query before ``proj``. Defaults to False.
        norm_cfg (dict): Norm used for ``ln``. Defaults to LN.

    Shape: (B, H, W, C) -> (B, H, W, C).
    """

    def __init__(self,
                 embed_dims: int,
                 focal_level: int,
                 focal_window: int,
                 focal_factor: int = 2,
                 act_cfg: dict = dict(type='GELU'),
                 proj_drop: float = 0.,
                 normalize_modulator: bool = False,
                 use_postln_in_modulation: bool = False,
                 norm_cfg: dict = dict(type='LN')):
        super().__init__()
        self.embed_dims = embed_dims
        self.focal_level = focal_level
        self.normalize_modulator = normalize_modulator

        # the query, the context and the gates
        self.f = nn.Linear(embed_dims, 2 * embed_dims + focal_level + 1)
        self.h = nn.Conv2d(embed_dims, embed_dims, kernel_size=1)
        self.act = build_activation_layer(act_cfg)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.proj_drop = nn.Dropout(proj_drop)
        self.kernel_sizes = [
            focal_factor * level + focal_window
            for level in range(focal_level)
        ]
        # Sequential(conv, activation): the index 0 is the checkpoints'
        # name.
        self.focal_layers = nn.ModuleList(
            nn.Sequential(
                nn.Conv2d(
                    embed_dims,
                    embed_dims,
                    kernel_size=k,
                    padding=k // 2,
                    groups=embed_dims,
                    bias=False), build_activation_layer(act_cfg))
            for k in self.kernel_sizes)
        self.ln = build_norm_layer(norm_cfg, embed_dims)[1] \
            if use_postln_in_modulation else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        levels = self.focal_level
        query, ctx, gates = self.f(x).split(
            (self.embed_dims, self.embed_dims, levels + 1), dim=-1)
        # NCHW views of the token layout; the context is made dense
        # channels-last for the depth-wise convs.
        ctx = ctx.permute(0, 3, 1, 2).contiguous(
            memory_format=torch.channels_last)
        ctx_all = gated_focal_context(ctx, gates.permute(0, 3, 1, 2),
                                      self.focal_layers, self.act,
                                      self.normalize_modulator)
        # the modulator h(ctx_all) times the query, in (B, H, W, C)
        x = query * self.h(ctx_all).permute(0, 2, 3, 1)
        if self.ln is not None:
            x = self.ln(x)
        return self.proj_drop(self.proj(x))


class FocalNetMlp(nn.Module):
    """Two-layer MLP on channels-last tokens (``fc1``, ``fc2``: the names of
    the published checkpoints)."""

    def __init__(self,
                 embed_dims: int,
                 hidden_dims: int,
                 act_cfg: dict = dict(type='GELU'),
                 drop: float = 0.):
        super().__init__()
        # the activation runs inside fc1's kernel where it can
        self.fc1 = nn.Linear(embed_dims, hidden_dims)
        self.act = build_activation_layer(act_cfg)
        self.fc2 = nn.Linear(hidden_dims, embed_dims)
        self.drop = nn.Dropout(drop)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.drop(self.act(self.fc1(x)))
        return self.drop(self.fc2(x))


class FocalModulationBlock(CheckpointedBlock):
    """One FocalNet block: focal modulation and MLP, each on a residual
    branch with optional layer scale and stochastic depth.

    Pre-norm by default; with ``use_postln`` the norms move to the end of
    each branch (``x + f(x)`` becomes ``x + norm(f(x))``), which the
    published large models use for stable training.

    Args:
        embed_dims (int): Channels.
        focal_level (int): See :class:`FocalModulation`.
        focal_window (int): See :class:`FocalModulation`.
        mlp_ratio (float): Hidden/input channels of the MLP. Defaults to 4.
        drop_rate (float): Dropout in the MLP and after the modulation.
            Defaults to 0.
        drop_path_rate (float): Stochastic depth rate. Defaults to 0.
        use_postln (bool): Post-norm instead of pre-norm. Defaults to False.
        use_layerscale (bool): Learnable per-channel residual scales
            ``gamma_1``/``gamma_2``. Defaults to False.
        layerscale_value (float): Their initial value. Defaults to 1e-4.
        normalize_modulator (bool): See :class:`FocalModulation`.
        use_postln_in_modulation (bool): See :class:`FocalModulation`.
        act_cfg (dict): Activation. Defaults to GELU.
        norm_cfg (dict): Norm over the channels. Defaults to LN.
        with_cp (bool): Recompute the block in backward instead of storing
            its activations. Defaults to False.

    Shape: (B, H, W, C) -> (B, H, W, C).
    """

    def __init__(self,
                 embed_dims: int,
                 focal_level: int,
                 focal_window: int,
                 mlp_ratio: float = 4.,
                 drop_rate: float = 0.,
                 drop_path_rate: float = 0.,
                 use_postln: bool = False,
                 use_layerscale: bool = False,
                 layerscale_value: float = 1e-4,
                 normalize_modulator: bool = False,
                 use_postln_in_modulation: bool = False,
                 act_cfg: dict = dict(type='GELU'),
                 norm_cfg: dict = dict(type='LN'),
                 with_cp: bool = False):
        super().__init__()
        self.use_postln = use_postln
        self.with_cp = with_cp
        self.norm1 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.modulation = FocalModulation(
            embed_dims,
            focal_level=focal_level,
            focal_window=focal_window,
            act_cfg=act_cfg,
            proj_drop=drop_rate,
            normalize_modulator=normalize_modulator,
            use_postln_in_modulation=use_postln_in_modulation,
            norm_cfg=norm_cfg)
        self.norm2 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.mlp = FocalNetMlp(
            embed_dims,
            int(embed_dims * mlp_ratio),
            act_cfg=act_cfg,
            drop=drop_rate)
        self.drop_path = DropPath(
            drop_path_rate) if drop_path_rate > 0. else nn.Identity()
        if use_layerscale:
            # Plain parameters: the names and shapes of the checkpoints.
            self.gamma_1 = nn.Parameter(
                torch.full((embed_dims, ), float(layerscale_value)))
            self.gamma_2 = nn.Parameter(
                torch.full((embed_dims, ), float(layerscale_value)))
        else:
            self.register_parameter('gamma_1', None)
            self.register_parameter('gamma_2', None)

    @staticmethod
    def _scaled(y: torch.Tensor,
                gamma: Optional[torch.Tensor]) -> torch.Tensor:
        return y if gamma is None else gamma * y

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_postln:
            y = self.norm1(self.modulation(x))
        else:
            y = self.modulation(self.norm1(x))
        x = x + self.drop_path(self._scaled(y, self.gamma_1))
        if self.use_postln:
            y = self.norm2(self.mlp(x))
        else:
            y = self.mlp(self.norm2(x))
        return x + self.drop_path(self._scaled(y, self.gamma_2))


class FocalNetStage(nn.Module):
    """The blocks of one stage and, except for the last stage, the patch
    embedding that down-samples their output for the next stage
    (``downsample``, kept here as in the published checkpoints)."""

    def __init__(self, blocks: List[nn.Module],
                 downsample: Optional[nn.Module]):
        super().__init__()
        self.blocks = nn.ModuleList(blocks)
        self.downsample = downsample


# The optional switches of an arch; the published large/xlarge/huge models
# (ImageNet-22k) set the first three.
_FLAGS = ('use_conv_embed', 'use_postln', 'use_layerscale',
          'use_postln_in_modulation', 'normalize_modulator')
_LARGE = dict(use_conv_embed=True, use_postln=True, use_layerscale=True)


def _size_entry(dims: int, depths: Sequence[int], levels: int,
                window: int, **flags) -> dict:
    """An :attr:`FocalNet.arch_zoo` entry: widths doubling per stage, the
    same focal level and window in every stage."""
    entry = dict(
        embed_dims=[dims * 2**i for i in range(len(depths))],
        depths=list(depths),
        focal_levels=[levels] * len(depths),
        focal_windows=[window] * len(depths))
    entry.update({flag: flags.get(flag, False) for flag in _FLAGS})
    return entry


def _isotropic_entry(dims: int, **flags) -> dict:
    """An isotropic :attr:`FocalNet.arch_zoo` entry, ViT-like: a 16x16
    patch stem and one stage of 12 blocks (3 focal levels from a 3x3
    kernel, as in the release's ``focalnet_*_iso.yaml``)."""
    return dict(_size_entry(dims, (12, ), 3, 3, **flags), patch_size=16)


@MODELS.register_module()
class FocalNet(StagedBackbone):
    """FocalNet backbone.

    A four-stage hierarchy (strides 4, 8, 16, 32) of
    :class:`FocalModulationBlock` s on channels-last tokens. Stage ``i`` is
    fed by ``patch_embed`` (``i = 0``) or by ``layers[i-1].downsample``;
    its output, normalised by ``norm{i}``, is returned for every ``i`` in
    ``out_indices`` (NCHW). The output norms lie off the main path, as in
    the official dense-task code.

    The size names ('tiny-srf' ... 'huge-fl4') are those of the release:
    SRF/LRF are the small/large receptive fields (2/3 focal levels) of the
    ImageNet-1k models, fl3/fl4 the focal levels of the ImageNet-22k models.
    'tiny-iso', 'small-iso' and 'base-iso' are the release's isotropic
    models: one stage of 12 blocks at stride 16, compared with ViTs.
    Their entries in :attr:`arch_zoo` carry the flags of the published
    configs (``use_conv_embed``, ``use_postln``, ``use_layerscale``,
    ``use_postln_in_modulation``, ``normalize_modulator``); the arguments
    of the same names override them when not None.

    Args:
        arch (str | dict): A name in :attr:`arch_zoo` or a dict with keys
            ``embed_dims``, ``depths``, ``focal_levels``, ``focal_windows``
            (one value per stage) and optionally the five flags above
            (default False) and ``patch_size``. Defaults to 'tiny-srf'.
        in_channels (int): Input channels. Defaults to 3.
        patch_size (int, optional): Stride of the stem. Defaults to None:
            the arch's, else 4.
        mlp_ratio (float): Hidden/input channels of the MLPs. Defaults to 4.
        focal_levels (Sequence[int], optional): Override the arch's focal
            levels per stage. Defaults to None.
        focal_windows (Sequence[int], optional): Override the arch's first
            kernel size per stage; the official detection and segmentation
            models use 9 (the ImageNet kernels are zero-padded to fit while
            loading). Defaults to None.
        use_conv_embed (bool, optional): Overlapping convolutions in the
            patch embeddings. Defaults to None (arch).
        use_postln (bool, optional): Post-norm blocks. Defaults to None.
        use_layerscale (bool, optional): Layer scale. Defaults to None.
        layerscale_value (float): Initial layer scale. Defaults to 1e-4.
        normalize_modulator (bool, optional): Defaults to None (arch).
        use_postln_in_modulation (bool, optional): Defaults to None (arch).
        drop_rate (float): Dropout after the stem, in the MLPs and after the
            modulations. Defaults to 0.
        drop_path_rate (float): Stochastic depth rate, increased linearly
            from 0 over all blocks to this value. Defaults to 0.1.
        out_indices (Sequence[int] | int): Stages whose outputs are returned
            (negative values count from the end). Defaults to -1, the last
            stage, for classification.
        frozen_stages (int): Stages ``0..frozen_stages`` are frozen (no
            gradients, eval mode); stage ``i`` includes the patch embedding
            that feeds it and ``norm{i}``. -1 freezes nothing.
            Defaults to -1.
        norm_eval (bool): Keep the norm layers in eval mode during training.
            LayerNorm has no running statistics, so this only matters for a
            ``norm_cfg`` with some. Defaults to False.
        norm_cfg (dict): Norm over the channels (the last dimension) of the
            tokens: stem, blocks and outputs. Defaults to LN.
        act_cfg (dict): Activation of the MLPs and the focal levels.
            Defaults to GELU.
        with_cp (bool): Activation checkpointing per block. Defaults to False.
        init_cfg (dict | list[dict], optional): MMEngine init config, e.g.
            ``dict(type='Pretrained', checkpoint='focalnet_tiny_srf.pth')``
            for a published ImageNet checkpoint (no prefix needed). Without
            it, linears are truncated-normal (std 0.02) as in the paper.

    Example:
        >>> import torch
        >>> from mogaseg.models import FocalNet
        >>> model = FocalNet('tiny-srf', out_indices=(0, 1, 2, 3)).eval()
        >>> for out in model(torch.rand(1, 3, 224, 224)):
        ...     print(tuple(out.shape))
        (1, 96, 56, 56)
        (1, 192, 28, 28)
        (1, 384, 14, 14)
        (1, 768, 7, 7)
    """
    block_cls = FocalModulationBlock
    arch_keys = arch_stage_keys = ('embed_dims', 'depths', 'focal_levels',
                                   'focal_windows')
    arch_optional_keys = _FLAGS + ('patch_size', )

    # From the official configs (configs/focalnet_*.yaml) and model
    # definitions (classification/focalnet.py).
    # LayerNorm has no running statistics; kept for the interface's sake.
    norm_eval_types = (_BatchNorm, nn.GroupNorm, nn.LayerNorm)
    arch_zoo: Dict[str, dict] = {
        'tiny-srf': _size_entry(96, (2, 2, 6, 2), 2, 3),
        'tiny-lrf': _size_entry(96, (2, 2, 6, 2), 3, 3),
        'small-srf': _size_entry(96, (2, 2, 18, 2), 2, 3),
        'small-lrf': _size_entry(96, (2, 2, 18, 2), 3, 3),
        'base-srf': _size_entry(128, (2, 2, 18, 2), 2, 3),
        'base-lrf': _size_entry(128, (2, 2, 18, 2), 3, 3),
        'large-fl3': _size_entry(192, (2, 2, 18, 2), 3, 5, **_LARGE),
        'large-fl4': _size_entry(
            192, (2, 2, 18, 2), 4, 3, normalize_modulator=True, **_LARGE),
        'xlarge-fl3': _size_entry(256, (2, 2, 18, 2), 3, 5, **_LARGE),
        'xlarge-fl4': _size_entry(256, (2, 2, 18, 2), 4, 3, **_LARGE),
        'huge-fl3': _size_entry(
            352, (2, 2, 18, 2), 3, 3, use_postln_in_modulation=True,
            **_LARGE),
        'huge-fl4': _size_entry(
            352, (2, 2, 18, 2), 4, 3, use_postln_in_modulation=True,
            **_LARGE),
        # The release's base model definition adds layer scale and post-norm
        # to what its yaml says (focalnet_base_iso).
        'tiny-iso': _isotropic_entry(192),
        'small-iso': _isotropic_entry(384),
        'base-iso': _isotropic_entry(
            768, use_layerscale=True, use_postln=True),
    }

    def __init__(self,
                 arch: Union[str, dict] = 'tiny-srf',
                 in_channels: int = 3,
                 patch_size: Optional[int] = None,
                 mlp_ratio: float = 4.,
                 focal_levels: Optional[Sequence[int]] = None,
                 focal_windows: Optional[Sequence[int]] = None,
                 use_conv_embed: Optional[bool] = None,
                 use_postln: Optional[bool] = None,
                 use_layerscale: Optional[bool] = None,
                 layerscale_value: float = 1e-4,
                 normalize_modulator: Optional[bool] = None,
                 use_postln_in_modulation: Optional[bool] = None,
                 drop_rate: float = 0.,
                 drop_path_rate: float = 0.1,
                 out_indices: Union[int, Sequence[int]] = -1,
                 frozen_stages: int = -1,
                 norm_eval: bool = False,
                 norm_cfg: dict = dict(type='LN'),
                 act_cfg: dict = dict(type='GELU'),
                 with_cp: bool = False,
                 init_cfg: Optional[Union[dict, List[dict]]] = None):
        super().__init__(init_cfg=init_cfg)
        settings = dict(self._parse_arch(arch))
        overrides = dict(
            focal_levels=focal_levels,
            focal_windows=focal_windows,
            use_conv_embed=use_conv_embed,
            use_postln=use_postln,
            use_layerscale=use_layerscale,
            normalize_modulator=normalize_modulator,
            use_postln_in_modulation=use_postln_in_modulation)
        settings.update(
            {k: v
             for k, v in overrides.items() if v is not None})
        self.embed_dims = list(settings['embed_dims'])
        self.depths = list(settings['depths'])
        self.num_stages = len(self.depths)
        for key in ('focal_levels', 'focal_windows'):
            if len(settings[key]) != self.num_stages:
                raise ValueError(f'{key} needs {self.num_stages} values, '
                                 f'got {settings[key]}')
        self.focal_levels = list(settings['focal_levels'])
        self.focal_windows = list(settings['focal_windows'])
        self.arch_settings = settings

        self._set_stage_options(self.num_stages, out_indices, frozen_stages,
                                norm_eval)

        conv_embed = bool(settings.get('use_conv_embed', False))
        self.patch_embed = FocalPatchEmbed(
            in_channels,
            self.embed_dims[0],
            stride=patch_size or settings.get('patch_size', 4),
            use_conv_embed=conv_embed,
            norm_cfg=norm_cfg)
        self.drop_after_embed = nn.Dropout(drop_rate)

        num_blocks = sum(self.depths)
        block_drop_rates = [
            drop_path_rate * j / max(num_blocks - 1, 1)
            for j in range(num_blocks)
        ]
        block_kwargs = dict(
            mlp_ratio=mlp_ratio,
            drop_rate=drop_rate,
            use_postln=bool(settings.get('use_postln', False)),
            use_layerscale=bool(settings.get('use_layerscale', False)),
            layerscale_value=layerscale_value,
            normalize_modulator=bool(
                settings.get('normalize_modulator', False)),
            use_postln_in_modulation=bool(
                settings.get('use_postln_in_modulation', False)),
            act_cfg=act_cfg,
            norm_cfg=norm_cfg,
            with_cp=with_cp)
        self.layers = nn.ModuleList()
        first_block = 0
        for i, depth in enumerate(self.depths):
            blocks = [
                self.block_cls(
                    self.embed_dims[i],
                    focal_level=self.focal_levels[i],
                    focal_window=self.focal_windows[i],
                    drop_path_rate=block_drop_rates[first_block + j],
                    **block_kwargs) for j in range(depth)
            ]
            first_block += depth
            downsample = None
            if i < self.num_stages - 1:
                downsample = FocalPatchEmbed(
                    self.embed_dims[i],
                    self.embed_dims[i + 1],
                    stride=2,
                    use_conv_embed=conv_embed,
                    norm_cfg=norm_cfg)
            self.layers.append(FocalNetStage(blocks, downsample))

        for i in self.out_indices:
            self.add_module(f'norm{i}',
                            build_norm_layer(norm_cfg, self.embed_dims[i])[1])

        # Published ImageNet checkpoints (and their kernels, when the focal
        # windows differ) are converted while they are loaded (the family
        # record's load adapter).
        attach_load_hooks(self)
        self._freeze_stages()

    def _init_module(self, module: nn.Module) -> None:
        _init_focalnet_weights(module)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        # Outputs in the input's memory format: NCHW for a plain input, as
        # necks expect; channels-last for a channels-last input, which the
        # blocks already are, so no copy.
        out_format = torch.channels_last if x.is_contiguous(
            memory_format=torch.channels_last) else torch.contiguous_format
        x = self.drop_after_embed(self.patch_embed(x))  # B, H/4, W/4, C
        outs = []
        for i, stage in enumerate(self.layers):
            for block in stage.blocks:
                x = block(x)
            if i in self.out_indices:
                out = getattr(self, f'norm{i}')(x).permute(0, 3, 1, 2)
                outs.append(out.contiguous(memory_format=out_format))
            if i == self.out_indices[-1]:
                break  # later stages would be computed for nothing
            x = stage.downsample(x.permute(0, 3, 1, 2))
        return tuple(outs)

    def get_layer_depth(self, param_name: str,
                        prefix: str = '') -> Tuple[int, int]:
        """The release's 12-depth rule for the hierarchical archs; an
        isotropic one counts like mmpretrain's ViT: the stem 0, block ``j``
        ``j + 1``, the rest (output norm, head) last."""
        if self.num_stages > 1:
            return super().get_layer_depth(param_name, prefix)
        num_depths = self.depths[0] + 2
        position = self._param_position(param_name[len(prefix):]) \
            if param_name.startswith(prefix) else None
        if position is None:
            return num_depths - 1, num_depths
        block = position[1]
        return (0 if block is None else block + 1), num_depths

    def _param_position(self, name: str):
        if name.startswith('patch_embed.'):
            return 0, None
        match = re.match(r'^layers\.(\d+)\.(blocks\.(\d+)|downsample)\.',
                         name)
        if match is None:
            return None
        stage, _, block = match.groups()
        if block is None:  # a stage's down-sampling embeds the next one
            return int(stage) + 1, None
        return int(stage), int(block)

    def _stage_modules(self, i: int) -> List[nn.Module]:
        modules = [self.layers[i].blocks]
        if i == 0:
            modules += [self.patch_embed, self.drop_after_embed]
        else:
            modules.append(self.layers[i - 1].downsample)
        if i in self.out_indices:
            modules.append(getattr(self, f'norm{i}'))
        return modules


def _init_focalnet_weights(m: nn.Module):
    """The paper's initialisation: truncated-normal linears with zero bias,
    unit LayerNorms; convolutions keep PyTorch's default."""
    if isinstance(m, nn.Linear):
        nn.init.trunc_normal_(m.weight, std=.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.LayerNorm, _BatchNorm, nn.GroupNorm)):
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)


register_deploy_block(FocalModulationBlock, DeployFocalNetBlock)


_RELEASE_FILE = 'microsoft/FocalNet: classification/focalnet.py'
register_family(
    BackboneFamily(
        backbone=FocalNet,
        blocks=(FocalModulationBlock, ),
        key_marker=KEY_MARKER,
        name_prefixes=('focalnet-', ),
        release_formats=RELEASE_FORMATS,
        load_adapters=(load_official_layout, ),
        convert_classifier=convert_focalnet_official,
        published={
            f'focalnet-tiny-{rf}': PublishedModel(
                f'configs/focalnet/focalnet-tiny-{rf}_8xb128_in1k.py',
                f'focalnet_tiny_{rf}', _RELEASE_FILE)
            for rf in ('srf', 'lrf')
        },
        test_kwargs=dict(
            arch=dict(FocalNet.arch_zoo['tiny-srf'], depths=[1, 1, 2, 1]),
            drop_path_rate=0.)))
