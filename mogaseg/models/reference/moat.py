"""MOAT's attention spelled out step by step (reference)."""
from typing import Optional, Tuple

import torch

from ..backbones.moat import MOAT, MOATBlock
from ..layers import WindowMultiheadAttention


class ReferenceWindowAttention(WindowMultiheadAttention):
    """:class:`~mogaseg.models.layers.WindowMultiheadAttention` with the
    attention written out: logits, bias, mask, softmax, values."""

    def attend(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
               window: Tuple[int, int],
               pad_mask: Optional[torch.Tensor]) -> torch.Tensor:
        num_tokens = q.shape[-2]
        attn = (q * self.scale) @ k.transpose(-2, -1)
        if self.rel_pos is not None:
            attn = attn + self.rel_pos(*window).unsqueeze(0)
        if pad_mask is not None:
            num_windows = pad_mask.shape[0]
            attn = attn.view(-1, num_windows, self.num_heads, num_tokens,
                             num_tokens)
            attn = attn.masked_fill(pad_mask[None, :, None, None, :],
                                    float('-inf'))
            attn = attn.view(-1, self.num_heads, num_tokens, num_tokens)
        attn = self.attn_drop(attn.softmax(dim=-1))
        return attn @ v


class ReferenceMOATBlock(MOATBlock):
    """:class:`~mogaseg.models.backbones.moat.MOATBlock` with the reference
    attention, returning a contiguous NCHW map."""
    attn_cls = ReferenceWindowAttention

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.mbconv(x).permute(0, 2, 3, 1)  # (B, H, W, C)
        x = x + self.drop_path(self.attn(self.attn_norm(x)))
        return x.permute(0, 3, 1, 2).contiguous()


class ReferenceMOAT(MOAT):
    """:class:`~mogaseg.models.MOAT` with :class:`ReferenceMOATBlock` s,
    computing in the input's memory format."""
    moat_block_cls = ReferenceMOATBlock

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        return self._forward_stages(x)
