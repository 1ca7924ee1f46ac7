"""tools/analysis/benchmark_published.py on a stand-in release file: a
module with the release's factory name whose model has the published
MogaNet layout (the real one comes from a checkout of the release)."""
import json

import pytest

STAND_IN_RELEASE = '''
import torch.nn as nn

from mogaseg.models import MogaNet


class PublishedLayout(MogaNet):
    """MogaNet with the release's classifier head (``head``, a Linear on
    the pooled last stage) and its keys, no ``backbone.`` prefix."""

    def __init__(self, drop_path_rate):
        super().__init__('xtiny', drop_path_rate=drop_path_rate)
        self.head = nn.Linear(192, 1000)

    def forward(self, x):
        return self.head(super().forward(x)[-1].mean((2, 3)))


def moganet_xtiny(pretrained=False, drop_path_rate=0.):
    model = PublishedLayout(drop_path_rate)
    model.init_weights()
    return model
'''


@pytest.fixture
def benchmark_stand_in(run_tool, tmp_path):
    """Run the tool on the stand-in release, 32 px images, no warm-up;
    return its output and its JSON rows."""
    release = tmp_path / 'moganet.py'
    release.write_text(STAND_IN_RELEASE)
    out_json = tmp_path / 'rows.json'

    def run(*args):
        proc, out = run_tool(
            'analysis/benchmark_published.py', 'moganet-xtiny',
            '--release-file', str(release), '--shape', '32', '--warmup', '0',
            '--json', str(out_json), *args)
        assert proc.returncode == 0, out
        return out, json.loads(out_json.read_text())

    run.release = str(release)
    return run


def test_side_by_side_rows_and_equal_logits(benchmark_stand_in):
    out, rows = benchmark_stand_in('--batch-size', '2', '--train-batch-size',
                                   '2', '--repeats', '2')
    difference = float(out.split('differ by at most ')[1].split()[0])
    assert difference < 1e-4
    timed = [(r['mode'], r['row']) for r in rows if 'row' in r]
    assert timed == [
        ('infer', 'published'), ('infer', 'ours (default)'),
        ('infer', 'ours, channels_last=False'),
        ('infer', 'ours + channels_last'),
        ('infer', 'ours + channels_last + deploy'),
        ('train', 'published'), ('train', 'ours (default)'),
        ('train', 'ours, channels_last=False'),
        ('train', 'ours + channels_last')]
    for row in rows:
        if 'row' in row:
            assert len(row['runs_ms']) == 2 and row['imgs_per_s'] > 0
    memory = [r for r in rows if r['mode'] == 'train-memory'][0]
    assert memory['ours_peak_mb'] > 0 and memory['published_peak_mb'] > 0


def test_amp_rows_and_a_missing_device(benchmark_stand_in, run_tool):
    out, rows = benchmark_stand_in('--mode', 'infer', '--batch-size', '2',
                                   '--repeats', '1', '--amp')
    assert 'autocast bfloat16' in out  # CPU autocast computes in bf16
    assert {r['precision'] for r in rows} == {'autocast bfloat16'}
    assert {r['device'] for r in rows} == {'cpu'}

    import torch
    if not torch.cuda.is_available():
        proc, out = run_tool(
            'analysis/benchmark_published.py', 'moganet-xtiny',
            '--release-file', benchmark_stand_in.release, '--device',
            'cuda')
        assert proc.returncode != 0
        assert 'no CUDA device' in out and 'Traceback' not in out


def test_a_file_without_the_factory_is_named(run_tool, tmp_path):
    release = tmp_path / 'other.py'
    release.write_text('x = 1\n')
    proc, out = run_tool('analysis/benchmark_published.py', 'moganet-tiny',
                         '--release-file', str(release), '--mode', 'infer')
    assert proc.returncode != 0
    assert 'has no moganet_tiny()' in out
