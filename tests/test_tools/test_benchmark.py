"""tools/analysis/benchmark.py: rows, JSON records and errors."""
import json

import pytest
import torch

from mogaseg.analysis import (Optimizations, build_target,
                              parse_backbone_name, run_benchmark)
from mogaseg.models.backbones.moganet import MogaBlock
from mogaseg.models.backbones.moganet_deploy import DeployMogaBlock
from mogaseg.models.layers import BatchChunkedBlock, FusedConv2d, onednn

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
    assert records[1]['optimizations'] == 'channels_last'
    assert records[3]['optimizations'] == 'channels_last'
    # the table, with the ratio to the baseline
    assert 'speed-up' in out and 'threads: ' in out


def test_cli_rejects_unknown_backbone_and_bad_shape(load_tool, capsys):
    """One line, or argparse's usage, before any row's process starts (the
    tool's main, in this process)."""
    tool = load_tool('analysis/benchmark.py')
    with pytest.raises(SystemExit) as exit_info:
        tool.main(['resnet-50'])
    message = exit_info.value.code
    assert isinstance(message, str) and message.startswith('error:')
    assert "'resnet-50' is neither a config file nor a backbone name" in \
        message
    with pytest.raises(SystemExit) as exit_info:
        tool.main(['moganet-xtiny', '--shape', '0'])
    assert exit_info.value.code == 2
    assert 'usage:' in capsys.readouterr().err


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


@pytest.mark.parametrize('fused_kernels,batch_chunks', [(False, False),
                                                        (True, True)])
def test_deploy_row_options_build_the_inference_forms(fused_kernels,
                                                       batch_chunks):
    built = []

    def build(opts):
        built.append(build_target('moganet-xtiny', input_shape=(32, 32)))
        return built[-1]

    run_benchmark(build, 'moganet-xtiny', 'infer', 2, (32, 32),
                  Optimizations(deploy=True, fused_kernels=fused_kernels,
                                batch_chunks=batch_chunks), 'row',
                  warmup=0, repeats=1)
    fused = [m for m in built[0].modules() if isinstance(m, FusedConv2d)]
    assert fused and all(m.use_onednn == (fused_kernels and onednn.AVAILABLE)
                         for m in fused)
    chunked = [m for m in built[0].modules()
               if isinstance(m, BatchChunkedBlock)]
    assert chunked and all((m.chunk_bytes is not None) == batch_chunks
                           for m in chunked)
    with pytest.raises(ValueError, match='need deploy'):
        run_benchmark(build, 'moganet-xtiny', 'infer', 2, (32, 32),
                      Optimizations(fused_kernels=True), 'row', warmup=0,
                      repeats=1)


def test_deploy_row_folds_the_model():
    built = []

    def build(opts):
        built.append(build_target('moganet-xtiny', input_shape=(32, 32)))
        return built[-1]

    result = run_benchmark(build, 'moganet-xtiny', 'infer', 2, (32, 32),
                           Optimizations(deploy=True),
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
        ('infer', 'optimized', 'channels_last'),
        ('infer', 'optimized', 'channels_last, deploy'),
        ('infer', 'optimized', 'channels_last, deploy, fused_kernels'),
        ('infer', 'optimized',
         'channels_last, deploy, fused_kernels, batch_chunks'),
        ('train', 'baseline', 'none'),
        ('train', 'optimized', 'channels_last'),
        ('train', 'optimized', 'channels_last, with_cp'),
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
