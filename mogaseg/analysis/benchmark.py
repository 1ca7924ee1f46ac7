"""Throughput and peak memory of a model, inference or training.

Each measurement builds its model afresh, applies the requested
optimisations (:class:`Optimizations`), warms up, then times ``repeats``
runs of ``iters`` iterations each and reports the median. Peak memory is
the process's peak resident set (Linux ``VmHWM``) above what it held before
the model was built on CPU, ``torch.cuda.max_memory_allocated`` on CUDA.
"""
import contextlib
import statistics
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from mogaseg.models import switch_to_deploy
from mogaseg.models.layers import DEFAULT_CHUNK_BYTES
from .complexity import example_input


@dataclass
class Optimizations:
    """What a benchmark row turns on. All off is the baseline: the plain
    model (its training modules, the papers' forward passes), eager fp32 in
    channels-first layout. ``fused_kernels`` and ``batch_chunks`` are
    options of the inference forms, so they need ``deploy``."""
    channels_last: bool = False
    amp: bool = False
    deploy: bool = False  # inference forms (BN folding, ...), no options
    fused_kernels: bool = False  # oneDNN kernels with the op after a layer
    batch_chunks: bool = False  # deployed blocks run cache-sized chunks
    compile: bool = False
    with_cp: bool = False

    def describe(self) -> str:
        on = [name for name, value in asdict(self).items() if value]
        return ', '.join(on) if on else 'none'


@dataclass
class BenchmarkResult:
    model: str
    mode: str
    batch_size: int
    shape: Tuple[int, int]
    variant: str
    optimizations: str
    device: str
    threads: int
    dtype: str
    memory_format: str
    imgs_per_s: float
    ms_per_iter: float
    peak_mem_mb: float
    runs_ms: List[float] = field(default_factory=list)

    def as_record(self) -> dict:
        record = asdict(self)
        record['shape'] = list(self.shape)
        return record


def amp_dtype(device: torch.device) -> torch.dtype:
    """bf16 on CPU (fp16 autocast is not what CPUs accelerate); fp16 on
    CUDA, bf16 where the GPU supports it natively."""
    if device.type == 'cuda' and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return torch.bfloat16 if device.type == 'cpu' else torch.float16


def _proc_status_mb(key: str) -> Optional[float]:
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(key + ':'):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def current_rss_mb() -> float:
    rss = _proc_status_mb('VmRSS')
    return rss if rss is not None else 0.


def peak_rss_mb() -> float:
    """Peak resident set of this process so far, in MiB."""
    peak = _proc_status_mb('VmHWM')
    if peak is not None:
        return peak
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _apply(model: nn.Module, opts: Optimizations, mode: str,
           device: torch.device) -> nn.Module:
    model = model.to(device)
    # Backbones that choose their memory format ('auto', the default)
    # compute in the one the row names.
    for module in model.modules():
        if getattr(module, 'channels_last', None) in (True, False, 'auto'):
            module.channels_last = opts.channels_last
    if opts.deploy:
        if mode != 'infer':
            raise ValueError('deploy (folded BN) is for inference only')
        model.eval()  # folding uses the running statistics
        switch_to_deploy(
            model,
            use_onednn=opts.fused_kernels,
            chunk_bytes=DEFAULT_CHUNK_BYTES if opts.batch_chunks else None)
    elif opts.fused_kernels or opts.batch_chunks:
        raise ValueError('fused_kernels and batch_chunks are options of '
                         'the inference forms: they need deploy')
    if opts.channels_last:
        model = model.to(memory_format=torch.channels_last)
    if opts.compile:
        model = torch.compile(model)
    return model


def _synchronize(device: torch.device):
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def run_benchmark(build: Callable[[Optimizations], nn.Module],
                  name: str,
                  mode: str,
                  batch_size: int,
                  shape: Tuple[int, int],
                  opts: Optimizations,
                  variant: str,
                  device: str = 'cpu',
                  warmup: int = 2,
                  repeats: int = 5,
                  iters: int = 1,
                  num_classes: int = 1000) -> BenchmarkResult:
    """Time ``build(opts)`` on random images.

    Args:
        build: Makes a fresh model that maps an image batch to logits
            (``(N, num_classes)``) or to a tensor / tuple of tensors.
        mode (str): 'infer' (forward under ``no_grad``, eval mode) or
            'train' (forward, cross-entropy or mean loss, backward, AdamW
            step, in train mode).
        variant (str): 'baseline' or 'optimized', recorded as is.
    """
    if mode not in ('infer', 'train'):
        raise ValueError(f"mode must be 'infer' or 'train', got {mode!r}")
    device = torch.device(device)
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats(device)
    idle_mb = current_rss_mb()
    model = _apply(build(opts), opts, mode, device)
    memory_format = torch.channels_last if opts.channels_last else \
        torch.contiguous_format
    images = example_input(model, batch_size, shape).to(device)
    if images.dim() == 4:  # video frames (5-D) have no channels_last
        images = images.contiguous(memory_format=memory_format)
    labels = torch.randint(0, num_classes, (batch_size, ), device=device)
    dtype = amp_dtype(device) if opts.amp else torch.float32
    step = make_step(model, mode, images, labels, amp=opts.amp)

    for _ in range(warmup):
        step()
    _synchronize(device)
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iters):
            step()
        _synchronize(device)
        runs.append((time.perf_counter() - start) * 1000 / iters)
    ms = statistics.median(runs)
    if device.type == 'cuda':
        peak_mb = torch.cuda.max_memory_allocated(device) / 2**20
    else:
        # The process's peak minus what it held before the model existed:
        # weights, optimiser state and activations. Exact when the process
        # ran nothing bigger before (tools/analysis/benchmark.py runs each
        # row in a fresh process).
        peak_mb = peak_rss_mb() - idle_mb
    return BenchmarkResult(
        model=name,
        mode=mode,
        batch_size=batch_size,
        shape=tuple(shape),
        variant=variant,
        optimizations=opts.describe(),
        device=_device_name(device),
        threads=torch.get_num_threads(),
        dtype=str(dtype).replace('torch.', ''),
        memory_format='channels_last' if opts.channels_last else
        'channels_first',
        imgs_per_s=batch_size * 1000 / ms,
        ms_per_iter=ms,
        peak_mem_mb=peak_mb,
        runs_ms=runs)


def make_step(model: nn.Module, mode: str, images: torch.Tensor,
              labels: torch.Tensor, amp: bool = False) -> Callable[[], None]:
    """One timed iteration: for 'infer', a forward under ``no_grad`` in
    eval mode; for 'train', forward, loss, backward and an AdamW step in
    train mode. Sets the model's mode. ``amp``: under autocast in
    :func:`amp_dtype` of the images' device (fp16 with loss scaling)."""
    device = images.device
    dtype = amp_dtype(device)
    autocast = torch.autocast(device.type, dtype=dtype) if amp else \
        contextlib.nullcontext()
    fp16_scaling = amp and dtype == torch.float16
    if mode == 'infer':
        model.eval()

        def step():
            with torch.no_grad(), autocast:
                model(images)

        return step
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scaler = torch.amp.GradScaler(images.device.type, enabled=fp16_scaling)

    def step():
        with autocast:
            loss = _loss(model(images), labels)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        optimizer.zero_grad(set_to_none=True)

    return step


def time_interleaved(steps: Dict[str, Callable[[], None]], warmup: int,
                     repeats: int,
                     device: torch.device = torch.device('cpu')
                     ) -> Dict[str, List[float]]:
    """Milliseconds of each step over ``repeats`` rounds, the steps taking
    turns within a round, so that a drift of the machine's speed touches
    all of them alike. On CUDA each step is timed to the end of its
    kernels."""
    for _ in range(warmup):
        for step in steps.values():
            step()
    _synchronize(device)
    runs = {name: [] for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            _synchronize(device)
            runs[name].append((time.perf_counter() - start) * 1000)
    return runs


def matmul_peak_gflops(size: int = 2048, repeats: int = 5,
                       device: torch.device = torch.device('cpu')) -> float:
    """Floating-point operations per second (in G) of one ``size x size``
    fp32 matmul on ``device`` (on CPU with torch's threads): the roofline
    the models' convolutions and linear layers are measured against."""
    a = torch.randn(size, size, device=device)
    b = torch.randn(size, size, device=device)
    a @ b  # warm-up
    _synchronize(device)
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        _synchronize(device)
        runs.append(time.perf_counter() - start)
    return 2 * size**3 / statistics.median(runs) / 1e9


def _loss(outputs, labels: torch.Tensor) -> torch.Tensor:
    if isinstance(outputs, torch.Tensor) and outputs.dim() == 2:
        return F.cross_entropy(outputs.float(), labels)
    # Dense models: a stand-in loss that reaches every output.
    return sum(o.float().mean() for o in _flatten(outputs))


def _flatten(outputs) -> List[torch.Tensor]:
    if isinstance(outputs, torch.Tensor):
        return [outputs]
    flat = []
    for item in outputs:
        flat += _flatten(item)
    return flat


def _device_name(device: torch.device) -> str:
    if device.type == 'cuda':
        return torch.cuda.get_device_name(device)
    return 'cpu'


def format_table(results: List[BenchmarkResult]) -> str:
    """One line per result; ``speed-up`` and ``memory`` are relative to the
    baseline of the same model and mode where one was measured."""
    header = ('model', 'mode', 'variant', 'optimizations', 'imgs/s',
              'ms/iter', 'peak MiB', 'speed-up', 'memory')
    rows = []
    for result in results:
        base = next((b for b in results if b.variant == 'baseline'
                     and b.model == result.model and b.mode == result.mode),
                    None)
        speedup = memory = ''
        if base is not None and result is not base:
            speedup = f'{result.imgs_per_s / base.imgs_per_s:.2f}x'
            memory = f'{result.peak_mem_mb / base.peak_mem_mb:.2f}x'
        rows.append((result.model, result.mode, result.variant,
                     result.optimizations, f'{result.imgs_per_s:.1f}',
                     f'{result.ms_per_iter:.1f}',
                     f'{result.peak_mem_mb:.0f}', speedup, memory))
    widths = [
        max(len(str(row[i])) for row in [header, *rows])
        for i in range(len(header))
    ]
    lines = ['  '.join(str(c).ljust(w) for c, w in zip(row, widths))
             for row in [header, *rows]]
    lines.insert(1, '  '.join('-' * w for w in widths))
    return '\n'.join(lines)
