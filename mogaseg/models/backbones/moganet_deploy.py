"""The inference form of a MogaNet block: its BatchNorms, layer scales and
feature-decomposition scales folded into the block's 1x1 convolutions."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.models.layers import BatchChunkedBlock, FusedConv2d
from mogaseg.models.layers.fusion import bn_affine, fuse_bn_conv, scale_conv


class DeployMogaBlock(BatchChunkedBlock):
    """A ``MogaBlock`` with its BatchNorms and scales folded; for inference
    only.

    In eval mode, with ``bn1(x) = s1 * x + t1``, layer scales ``l1``/``l2``
    and decomposition scales ``sigma``/``sigma'``, the SMixer half
    ``x + l1 * (proj_2(...) + bn1(x))`` becomes
    ``x * (1 + l1 * s1) + proj_2'(...)``, where ``proj_1`` carries ``bn1``
    and ``(1 + sigma)`` and the pooled term is ``sigma * proj_1(bn1(GAP(x)))``
    (pooling commutes with the 1x1 conv). The CMixer half
    ``x + l2 * fc2(h + sigma' * (h - d))`` becomes
    ``x + fc2'(h) - (l2 * fc2.weight @ sigma') * d``, with ``fc1`` carrying
    ``bn2``. All folded convs are 1x1, so the folds are exact at the
    borders too. The statistics and scales are baked in: the block cannot
    train. ``attn_force_fp32`` still computes the gating product and
    ``proj_2`` in fp32 under autocast. The gate's and the CMixer's
    depth-wise conv's activations run inside their convs' kernels
    (:class:`FusedConv2d`).

    Args:
        block (MogaBlock): A block whose two norms are BatchNorms (see
            :meth:`can_fold`). Its depth-wise convs and activations are
            shared with the new block, not copied.
        options (DeployOptions): Fused kernels and batch chunks.
    """

    def __init__(self, block: nn.Module, options):
        super().__init__(options.chunk_bytes)
        if not self.can_fold(block):
            raise ValueError('only a MogaBlock with BatchNorm norms folds')
        attn, mlp = block.attn, block.mlp
        self.attn_force_fp32 = attn.attn_force_fp32

        scale_1, shift_1 = bn_affine(block.norm1)
        layer_scale_1 = block.layer_scale_1.detach().flatten()
        sigma = attn.sigma.scale.detach().flatten()
        proj_1 = fuse_bn_conv(block.norm1, attn.proj_1)
        self.proj_1 = scale_conv(proj_1, out_scale=1 + sigma)
        self.proj_1_pooled = scale_conv(proj_1, out_scale=sigma)
        self.act_value = attn.act_value
        self.gate = FusedConv2d(attn.gate, attn.act_gate,
                                use_onednn=options.use_onednn)
        self.value = attn.value
        self.act_context = attn.act_gate
        self.proj_2 = scale_conv(attn.proj_2, out_scale=layer_scale_1)
        # scale_conv made a new conv, so its bias is ours to change.
        self.proj_2.bias.data += layer_scale_1 * shift_1
        self.register_buffer('shortcut_scale',
                             (1 + layer_scale_1 * scale_1).view(1, -1, 1, 1))

        layer_scale_2 = block.layer_scale_2.detach().flatten()
        sigma = mlp.sigma.scale.detach().flatten()
        self.fc1 = fuse_bn_conv(block.norm2, mlp.fc1)
        self.dwconv = FusedConv2d(mlp.dwconv, mlp.act,
                                  use_onednn=options.use_onednn)
        self.decompose = mlp.decompose
        self.decompose_act = mlp.decompose_act
        fc2_weight = mlp.fc2.weight.detach().flatten(1)
        self.register_buffer(
            'decompose_scale',
            (layer_scale_2 * (fc2_weight @ sigma)).view(1, -1, 1, 1))
        self.fc2 = scale_conv(
            mlp.fc2, out_scale=layer_scale_2, in_scale=1 + sigma)

    @staticmethod
    def can_fold(block: nn.Module) -> bool:
        """Whether ``block``'s norms are BatchNorms (other norms depend on
        more than the channel and do not fold)."""
        return isinstance(block.norm1, _BatchNorm) and isinstance(
            block.norm2, _BatchNorm)

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        u = self.proj_1(x) - self.proj_1_pooled(
            F.adaptive_avg_pool2d(x, output_size=1))
        u = self.act_value(u)
        gate, context = self.gate(u), self.value(u)
        if self.attn_force_fp32 and torch.is_autocast_enabled(
                x.device.type):
            with torch.autocast(device_type=x.device.type, enabled=False):
                y = self.proj_2(gate.float() *
                                self.act_context(context.float()))
            x = x.float()
        else:
            y = self.proj_2(gate * self.act_context(context))
        x = torch.addcmul(y, x, self.shortcut_scale)
        h = self.dwconv(self.fc1(x))
        d = self.decompose_act(self.decompose(h))
        return self.fc2(h).add_(x).addcmul_(self.decompose_scale, d, value=-1)
