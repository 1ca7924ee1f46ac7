"""tools/analysis/benchmark.py: rows, JSON records and errors."""
import json

import pytest
import torch

from mogaseg.analysis import (Optimizations, build_target,
                              parse_backbone_name, run_benchmark)
from mogaseg.models import MogaNet
from mogaseg.models.backbones.focalnet import FocalModulationBlock
from mogaseg.models.backbones.moganet import MogaBlock
from mogaseg.models.backbones.moganet_deploy import DeployMogaBlock
from mogaseg.models.layers import fused, fused_kernels_apply
from mogaseg.models.reference import (ReferenceFocalModulationBlock,
                                      ReferenceMogaBlock, ReferenceMogaNet)

REQUIRED = {'model', 'mode', 'batch_size', 'shape', 'variant', 'imgs_per_s',
            'peak_mem_mb', 'device', 'threads', 'dtype', 'memory_format',
            'optimizations', 'ms_per_iter'}


def test_cli_baseline_and_optimized_rows(run_tool, tmp_path):
    out_json = tmp_path / 'bench.json'
    proc, out = run_tool('analysis/benchmark.py', 'moganet-xtiny',
                         '--batch-size', '2', '--shape', '32', '--mode',
                         'infer', 'train', '--baseline', '--channels-last',
                         '--warmup', '0', '--repeats', '2', '--json',
                         str(out_json))
    assert proc.returncode == 0, out
    records = json.loads(out_json.read_text())
    assert [(r['mode'], r['variant']) for r in records] == [
        ('infer', 'baseline'), ('infer', 'optimized'),
        ('train', 'baseline'), ('train', 'optimized')]
    for record in records:
        assert REQUIRED <= set(record)
        assert record['batch_size'] == 2 and record['shape'] == [32, 32]
        assert record['imgs_per_s'] > 0 and record['peak_mem_mb'] > 0
        assert record['device'] == 'cpu' and record['dtype'] == 'float32'
    assert records[0]['memory_format'] == 'channels_first'
    assert records[1]['memory_format'] == 'channels_last'
    assert records[0]['optimizations'] == 'none'
    assert records[1]['optimizations'] == \
        'optimized_blocks, fused_kernels, channels_last'
    assert records[3]['optimizations'] == 'optimized_blocks, channels_last'
    # the table, with the ratio to the baseline
    assert 'speed-up' in out and 'threads: ' in out


def test_cli_rejects_unknown_backbone_and_bad_shape(run_tool):
    proc, out = run_tool('analysis/benchmark.py', 'resnet-50')
    assert proc.returncode == 1 and 'error:' in out
    assert 'Traceback' not in out
    proc, out = run_tool('analysis/benchmark.py', 'moganet-xtiny',
                         '--shape', '0')
    assert proc.returncode == 2 and 'usage:' in out


def test_backbone_names():
    assert parse_backbone_name('moganet-tiny') == ('mogaseg.MogaNet', 'tiny')
    assert parse_backbone_name('van-b2') == ('mogaseg.VAN', 'b2')
    assert parse_backbone_name('tiny-moat-0') == ('mogaseg.MOAT',
                                                  'tiny-moat-0')
    with pytest.raises(ValueError, match='backbone names start with'):
        parse_backbone_name('resnet-50')


def test_train_row_updates_the_weights():
    built = []

    def build(opts):
        built.append(build_target('moganet-xtiny', opts.with_cp, (32, 32)))
        return built[-1]

    result = run_benchmark(build, 'moganet-xtiny', 'train', 2, (32, 32),
                           Optimizations(amp=True), 'optimized', warmup=0,
                           repeats=1)
    assert result.dtype == 'bfloat16' and result.mode == 'train'
    fresh = build_target('moganet-xtiny', input_shape=(32, 32))
    assert not torch.equal(built[0].head.weight, fresh.head.weight)


@pytest.mark.parametrize('name,ours,reference', [
    ('moganet-xtiny', MogaBlock, ReferenceMogaBlock),
    ('focalnet-tiny-srf', FocalModulationBlock,
     ReferenceFocalModulationBlock),
])
def test_baseline_builds_the_reference_backbone(name, ours, reference):
    for is_reference, absent, present in ((True, ours, reference),
                                          (False, reference, ours)):
        model = build_target(name, input_shape=(32, 32),
                             reference=is_reference)
        types = {type(m) for m in model.modules()}
        assert present in types and absent not in types


def test_config_baseline_swaps_in_the_reference_backbone():
    config = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
    ours = build_target(config, input_shape=(32, 32))
    reference = build_target(config, input_shape=(32, 32), reference=True)
    assert isinstance(reference.model.backbone, ReferenceMogaNet)
    assert type(ours.model.backbone) is MogaNet
    assert reference.model.head is not None


class _RecordsFusedKernels(torch.nn.Module):
    """Logits of zeros; records whether the fused kernels may run."""

    def __init__(self):
        super().__init__()
        self.head = torch.nn.Linear(3, 1000)
        self.seen = set()

    def forward(self, x):
        self.seen.add(fused_kernels_apply(x, self.head.weight))
        return self.head(x.mean(dim=(2, 3)))


@pytest.mark.parametrize('enabled', [False, True])
def test_fused_kernels_row_switch(enabled):
    model = _RecordsFusedKernels()
    run_benchmark(lambda opts: model, 'probe', 'infer', 2, (8, 8),
                  Optimizations(optimized_blocks=True,
                                fused_kernels=enabled), 'row',
                  warmup=0, repeats=1)
    assert model.seen == {enabled and fused._ONEDNN}
    # allowed again afterwards
    assert fused_kernels_apply(torch.zeros(1), torch.zeros(1)) == \
        fused._ONEDNN


def test_deploy_row_folds_the_model():
    built = []

    def build(opts):
        built.append(build_target('moganet-xtiny', input_shape=(32, 32)))
        return built[-1]

    result = run_benchmark(build, 'moganet-xtiny', 'infer', 2, (32, 32),
                           Optimizations(optimized_blocks=True, deploy=True),
                           'optimized', warmup=0, repeats=1)
    assert 'deploy' in result.optimizations
    types = {type(m) for m in built[0].modules()}
    assert DeployMogaBlock in types and MogaBlock not in types
    with pytest.raises(ValueError, match='inference only'):
        run_benchmark(build, 'moganet-xtiny', 'train', 2, (32, 32),
                      Optimizations(deploy=True), 'optimized', warmup=0,
                      repeats=1)


def test_every_family_builds_by_name():
    for name in ('moganet-xtiny', 'van-b0', 'focalnet-tiny-srf',
                 'tiny-moat-0'):
        model = build_target(name, input_shape=(64, 64)).eval()
        with torch.no_grad():
            assert model(torch.rand(1, 3, 64, 64)).shape == (1, 1000)


def test_ablate_adds_one_switch_per_row(load_tool):
    tool = load_tool('analysis/benchmark.py')
    args = tool.parse_args([
        'moganet-tiny', '--mode', 'infer', 'train', '--baseline',
        '--channels-last', '--deploy', '--with-cp', '--ablate'
    ])
    rows = [(mode, variant, opts.describe())
            for mode, variant, opts in tool.rows_to_run(args)]
    assert rows == [
        ('infer', 'baseline', 'none'),
        ('infer', 'optimized', 'optimized_blocks'),
        ('infer', 'optimized', 'optimized_blocks, fused_kernels'),
        ('infer', 'optimized',
         'optimized_blocks, fused_kernels, channels_last'),
        ('infer', 'optimized',
         'optimized_blocks, fused_kernels, channels_last, deploy'),
        ('infer', 'optimized', 'optimized_blocks, fused_kernels, '
         'channels_last, deploy, batch_chunks'),
        ('train', 'baseline', 'none'),
        ('train', 'optimized', 'optimized_blocks'),
        ('train', 'optimized', 'optimized_blocks, channels_last'),
        ('train', 'optimized', 'optimized_blocks, channels_last, with_cp'),
    ]


@pytest.mark.parametrize('channels_last', [False, True])
def test_rows_set_the_backbones_memory_format(channels_last):
    """A backbone that picks channels_last by itself on CPU ('auto') runs
    in the format the row names, so the baseline stays channels-first."""
    built, seen = [], []

    def build(opts):
        built.append(build_target('moganet-xtiny', input_shape=(32, 32)))
        built[-1].backbone.blocks1[0].register_forward_hook(
            lambda module, args, out: seen.append(out))
        return built[-1]

    run_benchmark(build, 'moganet-xtiny', 'infer', 2, (32, 32),
                  Optimizations(channels_last=channels_last), 'row',
                  warmup=0, repeats=1)
    assert built[0].backbone.channels_last is channels_last
    assert all(out.is_contiguous() != channels_last for out in seen)
