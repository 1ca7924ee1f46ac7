"""Our model side by side with the published implementation, in one
process: the same random weights in both (converted as the released
checkpoints are), logits checked equal, then inference and training steps
timed in turns, and each one's training peak memory in a fresh process.

    python tools/analysis/benchmark_published.py moganet-tiny \\
        --release-file ../MogaNet/models/moganet.py --threads 2
    python tools/analysis/benchmark_published.py focalnet-tiny-srf \\
        --release-file ../FocalNet/classification/focalnet.py

``--release-file`` is the model file of a local checkout of the release
(Westlake-AI/MogaNet ``models/moganet.py``, microsoft/FocalNet
``classification/focalnet.py``); the releases import timm
(``pip install timm``). Rows: ours as ``init_model`` and the Runner build
it (the default path); for backbones that choose channels_last by
themselves, also with ``channels_last=False``; then with ``channels_last``,
and also ``switch_to_deploy`` (inference).
"""
import argparse
import copy
import json
import os.path as osp
import statistics
import subprocess
import sys

import torch

from mogaseg.analysis.benchmark import (current_rss_mb, make_step,
                                        matmul_peak_gflops, peak_rss_mb,
                                        time_interleaved)
from mogaseg.analysis.complexity import count_complexity
from mogaseg.analysis.published import (build_pair, published_models,
                                        max_logit_difference)
from mogaseg.engine.user_errors import exit_on_user_errors
from mogaseg.models import switch_to_deploy
from mogaseg.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Our model against the published implementation.')
    parser.add_argument('model', choices=sorted(published_models()))
    parser.add_argument('--release-file', required=True,
                        help="the release's model file (a local checkout)")
    parser.add_argument('--mode', nargs='+', choices=['infer', 'train'],
                        default=['infer', 'train'])
    parser.add_argument('--batch-size', type=int, default=32,
                        help='inference batch (default 32)')
    parser.add_argument('--train-batch-size', type=int, default=16)
    parser.add_argument('--shape', type=int, default=224)
    parser.add_argument('--threads', type=int, default=None)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--json', help='write the rows here too')
    # internal: one implementation's training peak memory, in this process
    parser.add_argument('--peak-memory-of', choices=['ours', 'published'],
                        help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _variants(ours, mode):
    """Our rows: the default build, then the exact opt-ins, and where the
    backbone picks its memory format by itself, channels-first."""
    variants = {'ours (default)': ours}
    backbone = ours.model.backbone
    if getattr(backbone, 'channels_last', None) == 'auto':
        channels_first = copy.deepcopy(ours)
        channels_first.model.backbone.channels_last = False
        variants['ours, channels_last=False'] = channels_first
    cl = copy.deepcopy(ours).to(memory_format=torch.channels_last)
    variants['ours + channels_last'] = cl
    if mode == 'infer':
        deployed = copy.deepcopy(ours)
        switch_to_deploy(deployed.eval())
        variants['ours + channels_last + deploy'] = deployed.to(
            memory_format=torch.channels_last)
    return variants


def _peak_training_memory(args) -> None:
    torch.manual_seed(0)
    idle = current_rss_mb()
    ours, published = build_pair(args.model, args.release_file)
    model = ours if args.peak_memory_of == 'ours' else published
    del ours, published  # the other one's weights are not counted
    images = torch.randn(args.train_batch_size, 3, args.shape, args.shape)
    labels = torch.randint(0, 1000, (args.train_batch_size, ))
    step = make_step(model, 'train', images, labels)
    for _ in range(2):
        step()
    print(json.dumps(dict(peak_mb=peak_rss_mb() - idle)))


def _memory_in_fresh_process(args, which: str) -> float:
    cmd = [sys.executable, osp.abspath(__file__), args.model,
           '--release-file', args.release_file, '--shape', str(args.shape),
           '--train-batch-size', str(args.train_batch_size),
           '--peak-memory-of', which]
    if args.threads:
        cmd += ['--threads', str(args.threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])['peak_mb']


def main(argv=None):
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.peak_memory_of:
        return _peak_training_memory(args)
    with exit_on_user_errors():
        ours, published = build_pair(args.model, args.release_file)
    probe = torch.randn(2, 3, args.shape, args.shape)
    print(f'{args.model}: logits of ours and the release differ by at most '
          f'{max_logit_difference(ours, published, probe):.2e}; '
          f'{torch.get_num_threads()} threads, {args.shape}px', flush=True)
    # multiply-accumulates per image; a FLOP is half of one
    flops = 2 * count_complexity(
        copy.deepcopy(ours), (args.shape, args.shape)).flops
    peak = matmul_peak_gflops()
    print(f'fp32 matmul peak (2048^2, this process): {peak:.0f} GFLOP/s; '
          f'{flops / 1e9:.2f} GFLOP per image', flush=True)
    rows = []
    for mode in args.mode:
        batch = args.batch_size if mode == 'infer' else args.train_batch_size
        images = torch.randn(batch, 3, args.shape, args.shape)
        labels = torch.randint(0, 1000, (batch, ))
        models = {'published': copy.deepcopy(published),
                  **_variants(ours, mode)}
        steps = {}
        for name, model in models.items():
            x = images.contiguous(memory_format=torch.channels_last) \
                if 'channels_last' in name else images
            steps[name] = make_step(model, mode, x, labels)
        runs = time_interleaved(steps, args.warmup, args.repeats)
        base = statistics.median(runs['published'])
        for name, ms in runs.items():
            median = statistics.median(ms)
            # a training step is about three forward passes of FLOPs
            gflops = flops * batch * (1 if mode == 'infer' else 3) / \
                median / 1e6
            rows.append(dict(model=args.model, mode=mode, batch=batch,
                             row=name, imgs_per_s=batch * 1000 / median,
                             ms_per_iter=median,
                             vs_published=base / median, gflops=gflops,
                             matmul_peak_gflops=peak, runs_ms=ms))
            print(f'{mode:5s} batch {batch:3d}  {name:32s} '
                  f'{batch * 1000 / median:7.1f} img/s  '
                  f'{median:8.1f} ms  {base / median:5.2f}x published  '
                  f'{gflops:5.0f} GFLOP/s ({gflops / peak:4.0%} of peak) '
                  f'(min {min(ms):.0f}, max {max(ms):.0f} ms)', flush=True)
        if mode == 'train':
            mem = {w: _memory_in_fresh_process(args, w)
                   for w in ('published', 'ours')}
            print(f'train peak memory (fresh process, batch {batch}): '
                  f'published {mem["published"]:.0f} MiB, ours '
                  f'{mem["ours"]:.0f} MiB '
                  f'({mem["ours"] / mem["published"]:.2f}x)', flush=True)
            rows.append(dict(model=args.model, mode='train-memory',
                             batch=batch, **{f'{k}_peak_mb': v
                                             for k, v in mem.items()}))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(rows, f, indent=1)


if __name__ == '__main__':
    main()
