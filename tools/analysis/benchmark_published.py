"""Our model side by side with the published implementation, in one
process: the same random weights in both (converted as the released
checkpoints are), logits checked equal, then inference and training steps
timed in turns, and each one's training peak memory in a fresh process.

    python tools/analysis/benchmark_published.py moganet-tiny \\
        --release-file ../MogaNet/models/moganet.py --threads 2
    python tools/analysis/benchmark_published.py focalnet-tiny-srf \\
        --release-file ../FocalNet/classification/focalnet.py
    python tools/analysis/benchmark_published.py moganet-tiny \\
        --release-file ../MogaNet/models/moganet.py --device cuda --amp

``--release-file`` is the model file of a local checkout of the release
(Westlake-AI/MogaNet ``models/moganet.py``, microsoft/FocalNet
``classification/focalnet.py``); the releases import timm
(``pip install timm``). Rows: ours as ``init_model`` and the Runner build
it (the default path); for backbones that choose channels_last by
themselves, also with ``channels_last=False``; then with ``channels_last``,
and also ``switch_to_deploy`` (inference). ``--amp`` runs every row, the
release's too, under autocast (bf16 where the device has it, else fp16
with loss scaling); ``--device cuda`` times on the GPU, to the end of each
step's kernels, and its peak memory is ``torch.cuda.max_memory_allocated``.
"""
import argparse
import copy
import json
import os.path as osp
import statistics
import subprocess
import sys

import torch

from mogaseg.analysis.benchmark import (amp_dtype, current_rss_mb,
                                        make_step, matmul_peak_gflops,
                                        peak_rss_mb, time_interleaved)
from mogaseg.analysis.complexity import count_complexity
from mogaseg.analysis.published import (build_pair, published_models,
                                        max_logit_difference)
from mogaseg.engine.user_errors import exit_on_user_errors
from mogaseg.errors import ConfigError
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
    parser.add_argument('--device', default='cpu',
                        help="'cpu' (default), 'cuda' or 'cuda:N'")
    parser.add_argument('--amp', action='store_true',
                        help='every row under autocast (mixed precision)')
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


def _device(args) -> torch.device:
    device = torch.device(args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        raise ConfigError(f'--device {args.device}: this machine has no '
                          'CUDA device')
    if device.type not in ('cpu', 'cuda'):
        raise ConfigError(f"--device {args.device}: 'cpu' or 'cuda[:N]'")
    return device


def _peak_training_memory(args) -> None:
    device = _device(args)
    torch.manual_seed(0)
    idle = current_rss_mb()
    ours, published = build_pair(args.model, args.release_file)
    model = ours if args.peak_memory_of == 'ours' else published
    del ours, published  # the other one's weights are not counted
    model.to(device)
    images = torch.randn(args.train_batch_size, 3, args.shape, args.shape,
                         device=device)
    labels = torch.randint(0, 1000, (args.train_batch_size, ),
                           device=device)
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats(device)
    step = make_step(model, 'train', images, labels, amp=args.amp)
    for _ in range(2):
        step()
    peak = torch.cuda.max_memory_allocated(device) / 2**20 \
        if device.type == 'cuda' else peak_rss_mb() - idle
    print(json.dumps(dict(peak_mb=peak)))


def _memory_in_fresh_process(args, which: str) -> float:
    cmd = [sys.executable, osp.abspath(__file__), args.model,
           '--release-file', args.release_file, '--shape', str(args.shape),
           '--train-batch-size', str(args.train_batch_size),
           '--device', args.device, '--peak-memory-of', which]
    if args.threads:
        cmd += ['--threads', str(args.threads)]
    if args.amp:
        cmd.append('--amp')
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
        device = _device(args)
        ours, published = build_pair(args.model, args.release_file)
    ours.to(device)
    published.to(device)
    probe = torch.randn(2, 3, args.shape, args.shape, device=device)
    precision = f'autocast {amp_dtype(device)}'.replace('torch.', '') \
        if args.amp else 'fp32'
    where = f'{torch.get_num_threads()} threads' if device.type == 'cpu' \
        else torch.cuda.get_device_name(device)
    print(f'{args.model}: logits of ours and the release differ by at most '
          f'{max_logit_difference(ours, published, probe):.2e} (fp32); '
          f'{where}, {precision}, {args.shape}px', flush=True)
    # multiply-accumulates per image; a FLOP is half of one
    flops = 2 * count_complexity(
        copy.deepcopy(ours).cpu(), (args.shape, args.shape)).flops
    peak = matmul_peak_gflops(device=device)
    print(f'fp32 matmul peak (2048^2, {device.type}): {peak:.0f} GFLOP/s; '
          f'{flops / 1e9:.2f} GFLOP per image', flush=True)
    rows = []
    for mode in args.mode:
        batch = args.batch_size if mode == 'infer' else args.train_batch_size
        images = torch.randn(batch, 3, args.shape, args.shape, device=device)
        labels = torch.randint(0, 1000, (batch, ), device=device)
        models = {'published': copy.deepcopy(published),
                  **_variants(ours, mode)}
        steps = {}
        for name, model in models.items():
            x = images.contiguous(memory_format=torch.channels_last) \
                if 'channels_last' in name else images
            steps[name] = make_step(model, mode, x, labels, amp=args.amp)
        runs = time_interleaved(steps, args.warmup, args.repeats, device)
        base = statistics.median(runs['published'])
        for name, ms in runs.items():
            median = statistics.median(ms)
            # a training step is about three forward passes of FLOPs
            gflops = flops * batch * (1 if mode == 'infer' else 3) / \
                median / 1e6
            rows.append(dict(model=args.model, mode=mode, batch=batch,
                             row=name, device=str(device),
                             precision=precision,
                             imgs_per_s=batch * 1000 / median,
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
