"""Deployed blocks run a large CPU batch in chunks of samples: the same
outputs as on the whole batch, and the whole batch while traced."""
import pytest
import torch
import torch.nn as nn

from mogaseg.models import MOAT, VAN, MogaNet, switch_to_deploy
from mogaseg.models.layers import BatchChunkedBlock


class _RecordsBatches(BatchChunkedBlock):

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.batches = []

    def _forward(self, x):
        self.batches.append(x.shape[0])
        return self.conv(x)


def test_chunks_of_about_chunk_bytes(monkeypatch):
    block = _RecordsBatches()
    x = torch.rand(10, 4, 8, 8)  # 1 KiB per sample
    monkeypatch.setattr(BatchChunkedBlock, 'chunk_bytes', 3 * 1024)
    out = block(x)
    assert block.batches == [3, 3, 3, 1]
    # a one-sample chunk may take another conv kernel: float rounding
    torch.testing.assert_close(out, block.conv(x), rtol=1e-5, atol=1e-6)
    block.batches.clear()
    traced = torch.jit.trace(block, x, check_trace=False)
    assert [int(b) for b in block.batches] == [10]  # the batch stays whole
    torch.testing.assert_close(traced(x), block.conv(x), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize('build', [
    lambda: MogaNet('xtiny', out_indices=(0, 1, 2, 3)),
    lambda: VAN('b0', out_indices=(0, 1, 2, 3)),
    lambda: MOAT('tiny-moat-0', out_indices=(0, 1, 2, 3)),
])
def test_deployed_backbones_give_the_same_outputs_in_chunks(
        build, monkeypatch, randomize_folded_params):
    torch.manual_seed(0)
    model = randomize_folded_params(build()).eval()
    switch_to_deploy(model)
    assert any(isinstance(m, BatchChunkedBlock) for m in model.modules())
    x = torch.rand(5, 3, 64, 64)
    with torch.no_grad():
        whole = model(x)
        # a few KiB: chunks of one or two images in every stage
        monkeypatch.setattr(BatchChunkedBlock, 'chunk_bytes', 48 * 1024)
        chunked = model(x)
    for a, b in zip(whole, chunked):
        # the same ops sample by sample; only the kernels' blocking over
        # the batch may change the rounding
        torch.testing.assert_close(b, a, rtol=1e-5, atol=1e-5)
