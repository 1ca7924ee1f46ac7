import torch
import torch.nn as nn


def gated_focal_context(ctx: torch.Tensor, gates: torch.Tensor,
                        focal_layers: nn.ModuleList, act: nn.Module,
                        normalize: bool) -> torch.Tensor:
    """Hierarchical contextualisation and gated aggregation: the context
    through each focal level in turn, each level's output weighted by its
    gate, plus the last level's global average (activated) weighted by the
    last gate; divided by the number of terms with ``normalize``.

    ``ctx`` (B, C, H, W) and ``gates`` (B, L + 1, H, W), both NCHW-shaped.
    The training block and its inference form share it.
    """
    levels = len(focal_layers)
    ctx_all = None
    for level, layer in enumerate(focal_layers):
        ctx = layer(ctx)
        gate = gates[:, level:level + 1]
        ctx_all = ctx * gate if ctx_all is None else torch.addcmul(
            ctx_all, ctx, gate)
    ctx_global = act(ctx.mean(dim=(2, 3), keepdim=True))
    ctx_all = torch.addcmul(ctx_all, ctx_global, gates[:, levels:])
    return ctx_all / (levels + 1) if normalize else ctx_all
