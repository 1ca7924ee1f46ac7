"""The inference form of a FocalNet block: its layer scales folded into the
output layers, and every element-wise op that follows a layer computed in
that layer's kernel."""
import copy
from typing import Optional

import torch
import torch.nn as nn

from mogaseg.models.layers import (FusedConv2d, FusedLinear, SplitLinear,
                                   gated_focal_context)


def _scaled_linear(linear: nn.Linear,
                   gamma: Optional[torch.Tensor]) -> nn.Linear:
    """``gamma * linear(x)`` as one new linear layer (``linear`` itself
    where there is no ``gamma``)."""
    if gamma is None:
        return linear
    scaled = copy.deepcopy(linear)
    gamma = gamma.detach()
    with torch.no_grad():
        scaled.weight.mul_(gamma[:, None])
        if scaled.bias is not None:
            scaled.bias.mul_(gamma)
    return scaled


class DeployFocalNetBlock(nn.Module):
    """A ``FocalModulationBlock`` for inference (dropout and drop path are
    identities there).

    - ``f`` gives the query, the context and the gates as three dense
      parts (:class:`SplitLinear`): no copy of a strided slice;
    - each focal level's activation, the modulator's product with the
      query (``h``) and ``fc1``'s activation run inside their layers'
      kernels (:class:`FusedConv2d`, :class:`FusedLinear`);
    - pre-norm blocks add their residuals inside ``proj``'s and ``fc2``'s
      kernels, with the layer scales folded into those layers' weights;
      post-norm blocks (the norm lies between the layer and the residual)
      keep the norm and add ``gamma * y`` in one pass.

    Args:
        block (FocalModulationBlock): The block; its norms, activations and
            convs are shared with the new block, not copied.
        options (DeployOptions): Whether the fused layers use oneDNN.
    """

    def __init__(self, block: nn.Module, options):
        super().__init__()
        mod, mlp = block.modulation, block.mlp
        use_onednn = options.use_onednn
        dims = mod.embed_dims
        self.use_postln = block.use_postln
        self.normalize_modulator = mod.normalize_modulator
        self.norm1, self.norm2 = block.norm1, block.norm2
        self.f = SplitLinear(
            mod.f, (dims, dims, mod.focal_level + 1), use_onednn=use_onednn)
        self.focal_layers = nn.ModuleList(
            FusedConv2d(layer[0], layer[1], use_onednn=use_onednn)
            for layer in mod.focal_layers)
        self.act = mod.act
        self.h = FusedConv2d(mod.h, op='mul', use_onednn=use_onednn)
        self.ln = mod.ln
        self.fc1 = FusedLinear(mlp.fc1, mlp.act, use_onednn=use_onednn)
        if self.use_postln:
            self.proj = FusedLinear(mod.proj, use_onednn=use_onednn)
            self.fc2 = FusedLinear(mlp.fc2, use_onednn=use_onednn)
            for name, gamma in (('gamma_1', block.gamma_1),
                                ('gamma_2', block.gamma_2)):
                self.register_buffer(
                    name, mod.proj.weight.new_ones(dims)
                    if gamma is None else gamma.detach())
        else:
            self.proj = FusedLinear(
                _scaled_linear(mod.proj, block.gamma_1),
                op='add',
                use_onednn=use_onednn)
            self.fc2 = FusedLinear(
                _scaled_linear(mlp.fc2, block.gamma_2),
                op='add',
                use_onednn=use_onednn)

    @staticmethod
    def can_fold(block: nn.Module) -> bool:
        """Every FocalNet block has an inference form."""
        return True

    def modulate(self, x: torch.Tensor) -> torch.Tensor:
        """The modulated query before ``proj`` (B, H, W, C)."""
        query, ctx, gates = self.f(x)
        # dense (B, H, W, C) parts: the NCHW views are channels_last
        ctx_all = gated_focal_context(ctx.permute(0, 3, 1, 2),
                                      gates.permute(0, 3, 1, 2),
                                      self.focal_layers, self.act,
                                      self.normalize_modulator)
        x = self.h(ctx_all, query.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        return x if self.ln is None else self.ln(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_postln:
            x = torch.addcmul(x, self.gamma_1,
                              self.norm1(self.proj(self.modulate(x))))
            return torch.addcmul(x, self.gamma_2,
                                 self.norm2(self.fc2(self.fc1(x))))
        x = self.proj(self.modulate(self.norm1(x)), x)
        return self.fc2(self.fc1(self.norm2(x)), x)
