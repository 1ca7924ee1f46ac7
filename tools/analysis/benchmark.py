"""Throughput and peak memory of a config's model or of a backbone.

    python tools/analysis/benchmark.py moganet-tiny --batch-size 32 \
        --shape 224 --mode infer train --baseline --channels-last
    python tools/analysis/benchmark.py CONFIG --mode infer --json out.json

The optimised rows run our backbones with what the flags add:
channels_last, AMP, the inference forms (--deploy: folded BatchNorms,
fused oneDNN kernels and cache-sized batch chunks), torch.compile or
activation checkpointing. --baseline adds a row with all of it off: the
plain model, fp32, channels-first. --ablate adds the switches one row at a
time.

A backbone name ('moganet-tiny', 'van-b0', 'focalnet-tiny-srf',
'tiny-moat-0', ...) is timed inside the papers' ImageNet classifier
(global pooling and a 1000-class linear head). A config is timed as its
model's tensor forward (no post-processing). Each row runs in a fresh
process, so its peak memory is its own. Images/s is the median over
--repeats timed runs after --warmup untimed ones; train mode times
forward, backward and an AdamW step.
"""
import argparse
import json
import os.path as osp
import subprocess
import sys
from dataclasses import asdict

import torch

from mogaseg.analysis import (BenchmarkResult, Optimizations, build_target,
                              config_in_shape, format_table,
                              parse_backbone_name, run_benchmark)
from mogaseg.engine.cli import add_shape_arg, input_size, parsed_shape
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Throughput and peak memory of a model.')
    parser.add_argument(
        'target', help="config file, or backbone name such as 'moganet-tiny'")
    parser.add_argument('--batch-size', type=int, default=32)
    add_shape_arg(parser)
    parser.add_argument(
        '--mode',
        nargs='+',
        choices=['infer', 'train'],
        default=['infer'],
        help='infer: forward without gradients; train: forward, backward '
        'and optimizer step')
    parser.add_argument(
        '--baseline',
        action='store_true',
        help='also time the baseline in the same run and print the ratios: '
        'the same model with every optimisation off (the plain model, '
        'fp32, channels-first, eager)')
    parser.add_argument(
        '--channels-last', action='store_true', help='NHWC memory format')
    parser.add_argument(
        '--amp',
        action='store_true',
        help='autocast: bf16 on CPU, fp16 (bf16 where supported) on CUDA')
    parser.add_argument(
        '--deploy',
        action='store_true',
        help='inference: the inference forms (folded BatchNorms, fused '
        'kernels, batch chunks; exact)')
    parser.add_argument(
        '--compile', action='store_true', help='torch.compile the model')
    parser.add_argument(
        '--with-cp',
        action='store_true',
        help='train: activation checkpointing in the backbone')
    parser.add_argument(
        '--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument(
        '--threads',
        type=int,
        help='torch intra-op threads (default: torch\'s choice)')
    parser.add_argument(
        '--ablate',
        action='store_true',
        help='one optimised row per requested switch, each adding one to '
        'the previous row, instead of one row with all of them')
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument(
        '--iters', type=int, default=1, help='iterations per timed run')
    parser.add_argument('--json', help='write the rows to this JSON file')
    # Internal: run one row in this process and print it as JSON.
    parser.add_argument('--row', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.shape = input_size(parsed_shape(parser, args),
                            config_in_shape(args.target))
    if args.batch_size <= 0 or args.repeats <= 0 or args.iters <= 0 \
            or args.warmup < 0:
        parser.error('--batch-size, --repeats and --iters must be positive, '
                     '--warmup not negative')
    if args.device.startswith('cuda') and not torch.cuda.is_available():
        parser.error('--device cuda asked for, but CUDA is not available')
    return args


def rows_to_run(args):
    """(mode, variant, optimizations) for every row of the table."""
    requested = Optimizations(
        fused_kernels=args.deploy,
        channels_last=args.channels_last,
        amp=args.amp,
        deploy=args.deploy,
        batch_chunks=args.deploy,
        compile=args.compile,
        with_cp=args.with_cp)
    rows = []
    for mode in args.mode:
        opts = Optimizations(**asdict(requested))
        if mode == 'train':
            opts.deploy = False  # folding BN is an inference re-write
            opts.batch_chunks = False  # options of the inference forms
            opts.fused_kernels = False
        else:
            opts.with_cp = False  # checkpointing only matters with grads
        if args.baseline:
            rows.append((mode, 'baseline', Optimizations()))
        if args.ablate:
            # One row per switch, adding them in the order of the table's
            # columns: what each one brings on top of the previous ones.
            partial = Optimizations()
            for name, value in asdict(opts).items():
                if value and not getattr(partial, name):
                    setattr(partial, name, True)
                    rows.append(
                        (mode, 'optimized', Optimizations(**asdict(partial))))
        else:
            rows.append((mode, 'optimized', opts))
    return rows


def run_row(args, mode, variant, opts) -> BenchmarkResult:
    if args.threads:
        torch.set_num_threads(args.threads)
    return run_benchmark(
        lambda o: build_target(args.target, o.with_cp, args.shape[:2]),
        name=args.target,
        mode=mode,
        batch_size=args.batch_size,
        shape=args.shape[:2],
        opts=opts,
        variant=variant,
        device=args.device,
        warmup=args.warmup,
        repeats=args.repeats,
        iters=args.iters)


def run_row_in_subprocess(argv, mode, variant, opts) -> BenchmarkResult:
    row = json.dumps(dict(mode=mode, variant=variant, opts=asdict(opts)))
    proc = subprocess.run([sys.executable, __file__, *argv, '--row', row],
                          capture_output=True,
                          text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        sys.exit(f'error: the {variant} {mode} row failed (above)')
    record = json.loads(proc.stdout.strip().splitlines()[-1])
    record['shape'] = tuple(record['shape'])
    return BenchmarkResult(**record)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    if args.row:  # child process: one row
        row = json.loads(args.row)
        result = run_row(args, row['mode'], row['variant'],
                         Optimizations(**row['opts']))
        print(json.dumps(result.as_record()))
        return
    # A bad target stops here, not in every row's process.
    if args.target.endswith('.py'):
        if not osp.isfile(args.target):
            sys.exit(f'error: config file not found: {args.target}')
    else:
        try:
            parse_backbone_name(args.target)
        except ValueError as err:
            sys.exit(f'error: {err}')
    results = []
    for mode, variant, opts in rows_to_run(args):
        print(f'timing {args.target} {mode} {variant} '
              f'({opts.describe()}) ...', flush=True)
        results.append(run_row_in_subprocess(argv, mode, variant, opts))
    first = results[0]
    h, w = args.shape[:2]
    print(f'\ndevice: {first.device}, threads: {first.threads}, batch: '
          f'{args.batch_size}, input: {h}x{w}, median of {args.repeats} '
          f'runs x {args.iters} iterations after {args.warmup} warm-up\n'
          'dtype float32 unless amp; memory: peak RSS above the idle '
          'process (CPU) or max allocated (CUDA)\n')
    print(format_table(results))
    for result in results:
        print(f'  {result.variant} {result.mode}: dtype {result.dtype}, '
              f'{result.memory_format}, optimisations: '
              f'{result.optimizations}')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump([r.as_record() for r in results], f, indent=2)
        print(f'\nwrote {args.json}')


if __name__ == '__main__':
    main()
