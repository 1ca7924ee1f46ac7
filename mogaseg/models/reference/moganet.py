"""MogaNet's blocks as the paper writes them (reference)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_activation_layer, build_norm_layer
from mmcv.cnn.bricks import DropPath

from ..backbones.moganet import MogaNet, MultiOrderDWConv
from ..layers import CheckpointedBlock, ElementScale


class ReferenceMultiOrderGatedAggregation(nn.Module):
    """The SMixer: ``proj_2(act(gate(z)) * act(value(z))) + x`` with
    ``z = act(y + sigma * (y - GAP(y)))``, ``y = proj_1(x)``. fp32 only (no
    ``attn_force_fp32``)."""

    def __init__(self,
                 embed_dims,
                 attn_dw_dilation=(1, 2, 3),
                 attn_channel_split=(1, 3, 4),
                 attn_act_cfg=dict(type='SiLU'),
                 attn_force_fp32=False):
        super().__init__()
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
        x = x + self.sigma(x - F.adaptive_avg_pool2d(x, output_size=1))
        x = self.act_value(x)
        x = self.act_gate(self.gate(x)) * self.act_gate(self.value(x))
        return self.proj_2(x) + shortcut


class ReferenceChannelAggregationFFN(nn.Module):
    """The CMixer: ``fc2(h + sigma * (h - act(decompose(h))))`` with
    ``h = act(dwconv(fc1(x)))``."""

    def __init__(self,
                 embed_dims,
                 feedforward_channels,
                 kernel_size=3,
                 act_cfg=dict(type='GELU'),
                 ffn_drop=0.):
        super().__init__()
        self.fc1 = nn.Conv2d(embed_dims, feedforward_channels, 1)
        self.dwconv = nn.Conv2d(
            feedforward_channels,
            feedforward_channels,
            kernel_size,
            padding=kernel_size // 2,
            groups=feedforward_channels)
        self.act = build_activation_layer(act_cfg)
        self.fc2 = nn.Conv2d(feedforward_channels, embed_dims, 1)
        self.drop = nn.Dropout(ffn_drop)
        self.decompose = nn.Conv2d(feedforward_channels, 1, 1)
        self.sigma = ElementScale(feedforward_channels, init_value=1e-5)
        self.decompose_act = build_activation_layer(act_cfg)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.drop(self.act(self.dwconv(self.fc1(x))))
        x = x + self.sigma(x - self.decompose_act(self.decompose(x)))
        return self.drop(self.fc2(x))


class ReferenceMogaBlock(CheckpointedBlock):
    """``x + l1 * SMixer(norm1(x))``, then ``x + l2 * CMixer(norm2(x))``,
    each with stochastic depth. Arguments as ``MogaBlock``."""

    def __init__(self,
                 embed_dims,
                 ffn_ratio=4.,
                 drop_rate=0.,
                 drop_path_rate=0.,
                 act_cfg=dict(type='GELU'),
                 norm_cfg=dict(type='BN'),
                 init_value=1e-5,
                 with_cp=False,
                 **attn_kwargs):
        super().__init__()
        self.with_cp = with_cp
        self.norm1 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.attn = ReferenceMultiOrderGatedAggregation(
            embed_dims, **attn_kwargs)
        self.norm2 = build_norm_layer(norm_cfg, embed_dims)[1]
        self.mlp = ReferenceChannelAggregationFFN(
            embed_dims, int(embed_dims * ffn_ratio), act_cfg=act_cfg,
            ffn_drop=drop_rate)
        self.drop_path = DropPath(
            drop_path_rate) if drop_path_rate > 0. else nn.Identity()
        self.layer_scale_1 = nn.Parameter(
            torch.full((1, embed_dims, 1, 1), float(init_value)))
        self.layer_scale_2 = nn.Parameter(
            torch.full((1, embed_dims, 1, 1), float(init_value)))

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.drop_path(self.layer_scale_1 * self.attn(self.norm1(x)))
        x = x + self.drop_path(self.layer_scale_2 * self.mlp(self.norm2(x)))
        return x


class ReferenceMogaNet(MogaNet):
    """:class:`~mogaseg.models.MogaNet` with :class:`ReferenceMogaBlock` s,
    computing in the input's memory format (``channels_last`` is False
    unless given)."""
    block_cls = ReferenceMogaBlock

    def __init__(self, *args, channels_last=False, **kwargs):
        super().__init__(*args, channels_last=channels_last, **kwargs)
