"""FocalNet's blocks as the paper writes them (reference)."""
from typing import Optional

import torch
import torch.nn as nn
from mmcv.cnn import build_activation_layer, build_norm_layer
from mmcv.cnn.bricks import DropPath

from ..backbones.focalnet import FocalNet
from ..layers import CheckpointedBlock


class ReferenceFocalModulation(nn.Module):
    """Focal modulation: ``proj(q * h(sum_l g_l * ctx_l + g_L * ctx_global))``
    with ``q, ctx, g = f(x)`` and ``ctx_l`` the output of ``l`` depth-wise
    conv levels. Arguments as ``FocalModulation``; (B, H, W, C) tokens."""

    def __init__(self,
                 embed_dims,
                 focal_level,
                 focal_window,
                 focal_factor=2,
                 act_cfg=dict(type='GELU'),
                 proj_drop=0.,
                 normalize_modulator=False,
                 use_postln_in_modulation=False,
                 norm_cfg=dict(type='LN')):
        super().__init__()
        self.focal_level = focal_level
        self.normalize_modulator = normalize_modulator
        self.f = nn.Linear(embed_dims, 2 * embed_dims + focal_level + 1)
        self.h = nn.Conv2d(embed_dims, embed_dims, kernel_size=1)
        self.act = build_activation_layer(act_cfg)
        self.proj = nn.Linear(embed_dims, embed_dims)
        self.proj_drop = nn.Dropout(proj_drop)
        self.focal_layers = nn.ModuleList()
        for level in range(focal_level):
            kernel_size = focal_factor * level + focal_window
            self.focal_layers.append(
                nn.Sequential(
                    nn.Conv2d(
                        embed_dims,
                        embed_dims,
                        kernel_size,
                        padding=kernel_size // 2,
                        groups=embed_dims,
                        bias=False), build_activation_layer(act_cfg)))
        self.ln = build_norm_layer(norm_cfg, embed_dims)[1] \
            if use_postln_in_modulation else None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        channels = x.shape[-1]
        x = self.f(x).permute(0, 3, 1, 2).contiguous()  # B, 2C + L + 1, H, W
        query, ctx, gates = torch.split(
            x, (channels, channels, self.focal_level + 1), dim=1)
        ctx_all = 0
        for level, layer in enumerate(self.focal_layers):
            ctx = layer(ctx)
            ctx_all = ctx_all + ctx * gates[:, level:level + 1]
        ctx_global = self.act(ctx.mean(dim=(2, 3), keepdim=True))
        ctx_all = ctx_all + ctx_global * gates[:, self.focal_level:]
        if self.normalize_modulator:
            ctx_all = ctx_all / (self.focal_level + 1)
        x = (query * self.h(ctx_all)).permute(0, 2, 3, 1)  # B, H, W, C
        if self.ln is not None:
            x = self.ln(x)
        return self.proj_drop(self.proj(x))


class ReferenceFocalNetMlp(nn.Module):
    """``drop(fc2(drop(act(fc1(x)))))``."""

    def __init__(self, embed_dims, hidden_dims, act_cfg=dict(type='GELU'),
                 drop=0.):
        super().__init__()
        self.fc1 = nn.Linear(embed_dims, hidden_dims)
        self.act = build_activation_layer(act_cfg)
        self.fc2 = nn.Linear(hidden_dims, embed_dims)
        self.drop = nn.Dropout(drop)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.fc2(self.drop(self.act(self.fc1(x)))))


class ReferenceFocalModulationBlock(CheckpointedBlock):
    """``x + drop_path(gamma_1 * modulation(norm1(x)))`` and the same with
    the MLP (post-norm: the norm after the branch). Arguments as
    ``FocalModulationBlock``."""

    def __init__(self,
                 embed_dims,
                 focal_level,
                 focal_window,
                 mlp_ratio=4.,
                 drop_rate=0.,
                 drop_path_rate=0.,
                 use_postln=False,
                 use_layerscale=False,
                 layerscale_value=1e-4,
                 normalize_modulator=False,
                 use_postln_in_modulation=False,
                 act_cfg=dict(type='GELU'),
                 norm_cfg=dict(type='LN'),
                 with_cp=False):
        super().__init__()
        self.use_postln = use_postln
        self.with_cp = with_cp
        self.norm1 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.modulation = ReferenceFocalModulation(
            embed_dims, focal_level, focal_window, act_cfg=act_cfg,
            proj_drop=drop_rate, normalize_modulator=normalize_modulator,
            use_postln_in_modulation=use_postln_in_modulation,
            norm_cfg=norm_cfg)
        self.norm2 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.mlp = ReferenceFocalNetMlp(
            embed_dims, int(embed_dims * mlp_ratio), act_cfg, drop_rate)
        self.drop_path = DropPath(
            drop_path_rate) if drop_path_rate > 0. else nn.Identity()
        self.gamma_1 = self.gamma_2 = None
        if use_layerscale:
            self.gamma_1 = nn.Parameter(
                torch.full((embed_dims, ), float(layerscale_value)))
            self.gamma_2 = nn.Parameter(
                torch.full((embed_dims, ), float(layerscale_value)))

    def _branch(self, x: torch.Tensor, layer: nn.Module, norm: nn.Module,
                gamma: Optional[torch.Tensor]) -> torch.Tensor:
        y = norm(layer(x)) if self.use_postln else layer(norm(x))
        if gamma is not None:
            y = gamma * y
        return x + self.drop_path(y)

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self._branch(x, self.modulation, self.norm1, self.gamma_1)
        return self._branch(x, self.mlp, self.norm2, self.gamma_2)


class ReferenceFocalNet(FocalNet):
    """:class:`~mogaseg.models.FocalNet` with
    :class:`ReferenceFocalModulationBlock` s."""
    block_cls = ReferenceFocalModulationBlock
