import torch
import torch.nn as nn

from .onednn import is_traced

#: About this much block input per chunk (see :class:`BatchChunkedBlock`).
DEFAULT_CHUNK_BYTES = 2 << 20


class BatchChunkedBlock(nn.Module):
    """An inference block whose every op works on each sample alone, run
    on a large CPU batch a few samples at a time.

    A block's hidden maps are several times its input (MogaNet's CMixer:
    8x at stride 4); for a whole batch they spill out of the CPU caches, so
    the 1x1 and depth-wise convs between them wait on memory. Chunks of
    about ``chunk_bytes`` of input keep them in cache: on 2 cores with
    AVX-512, the deployed MogaNet-T, VAN-B0 and tiny-MOAT-0 ran 1.3x, 1.6x
    and 1.9x faster on a batch of 32 in chunks of 2 MiB (5 images at
    stride 4) than on the whole batch (``tools/analysis/benchmark.py
    --ablate``). The result is the same, sample by sample. Not on GPUs,
    and not while traced or exported (the batch axis stays dynamic
    there).

    Subclasses implement ``_forward(x)``. Forward hooks of their
    submodules fire once per chunk.

    Args:
        chunk_bytes (int, optional): Block input per chunk; None runs the
            whole batch at once. Defaults to :data:`DEFAULT_CHUNK_BYTES`.
    """

    def __init__(self, chunk_bytes: int = DEFAULT_CHUNK_BYTES):
        super().__init__()
        if chunk_bytes is not None and chunk_bytes < 1:
            raise ValueError(f'chunk_bytes must be positive or None, got '
                             f'{chunk_bytes}')
        self.chunk_bytes = chunk_bytes

    def _forward(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.chunk_bytes is None or is_traced(x) or \
                x.device.type != 'cpu':
            return self._forward(x)
        sample_bytes = x[0].numel() * x.element_size()
        per_chunk = max(1, self.chunk_bytes // max(sample_bytes, 1))
        if per_chunk >= x.shape[0]:
            return self._forward(x)
        return torch.cat([self._forward(chunk)
                          for chunk in x.split(per_chunk)])
