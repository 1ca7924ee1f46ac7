"""Deployed blocks run a large CPU batch in chunks of samples: the same
outputs as on the whole batch, and the whole batch while traced."""
import copy

import pytest
import torch
import torch.nn as nn

from mogaseg.models import MOAT, VAN, MogaNet, switch_to_deploy
from mogaseg.models.layers import BatchChunkedBlock


class _RecordsBatches(BatchChunkedBlock):

    def __init__(self, chunk_bytes):
        super().__init__(chunk_bytes)
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.batches = []

    def _forward(self, x):
        self.batches.append(x.shape[0])
        return self.conv(x)


def test_chunks_of_about_chunk_bytes():
    block = _RecordsBatches(chunk_bytes=3 * 1024)
    x = torch.rand(10, 4, 8, 8)  # 1 KiB per sample
    out = block(x)
    assert block.batches == [3, 3, 3, 1]
    # a one-sample chunk may take another conv kernel: float rounding
    torch.testing.assert_close(out, block.conv(x), rtol=1e-5, atol=1e-6)
    block.batches.clear()
    traced = torch.jit.trace(block, x, check_trace=False)
    assert [int(b) for b in block.batches] == [10]  # the batch stays whole
    torch.testing.assert_close(traced(x), block.conv(x), rtol=1e-5,
                               atol=1e-6)
    block.batches.clear()
    block.chunk_bytes = None
    block(x)
    assert block.batches == [10]


def test_chunk_bytes_is_checked():
    with pytest.raises(ValueError, match='chunk_bytes'):
        _RecordsBatches(chunk_bytes=0)


@pytest.mark.parametrize('build', [
    lambda: MogaNet('xtiny', out_indices=(0, 1, 2, 3)),
    lambda: VAN('b0', out_indices=(0, 1, 2, 3)),
    lambda: MOAT('tiny-moat-0', out_indices=(0, 1, 2, 3)),
])
def test_deployed_backbones_give_the_same_outputs_in_chunks(
        build, randomize_folded_params):
    torch.manual_seed(0)
    model = randomize_folded_params(build()).eval()
    whole_batch = copy.deepcopy(model)
    switch_to_deploy(whole_batch, chunk_bytes=None)
    # a few KiB: chunks of one or two images in every stage
    switch_to_deploy(model, chunk_bytes=48 * 1024)
    assert any(isinstance(m, BatchChunkedBlock) for m in model.modules())
    x = torch.rand(5, 3, 64, 64)
    with torch.no_grad():
        whole = whole_batch(x)
        chunked = model(x)
    for a, b in zip(whole, chunked):
        # the same ops sample by sample; only the kernels' blocking over
        # the batch may change the rounding
        torch.testing.assert_close(b, a, rtol=1e-5, atol=1e-5)
