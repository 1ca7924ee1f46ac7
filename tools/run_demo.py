"""Run a demo end to end on generated data: write (or reuse) a small dataset
in the task's real on-disk layout, train with ``tools/train.py``, evaluate
the last checkpoint with ``tools/test.py`` and print the metric::

    python tools/run_demo.py            # classification, a few minutes on CPU
    python tools/run_demo.py cls --work-dir work_dirs/demo_cls

The training and test logs stream to the terminal as they are written.
"""
import argparse
import os
import os.path as osp
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Callable, Dict, List

from mogaseg.datasets import make_imagenet_like

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


@dataclass(frozen=True)
class Demo:
    config: str
    data_root: str
    make_data: Callable[..., dict]
    metric: str  # the key tools/test.py prints, e.g. 'accuracy/top1'
    chance: float  # the metric of random guessing, for comparison


DEMOS: Dict[str, Demo] = {
    'cls':
    Demo(
        config='configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py',
        data_root='data/demo_imagenet',
        make_data=make_imagenet_like,
        metric='accuracy/top1',
        chance=100 / 8),
}


def run_streaming(cmd: List[str]) -> str:
    """Run ``cmd``, echo its output live and return it; exit on failure."""
    print('+ ' + ' '.join(cmd), flush=True)
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1)
    lines = []
    for line in proc.stdout:
        sys.stdout.write(line)
        lines.append(line)
    if proc.wait() != 0:
        sys.exit(f'error: {cmd[1]} failed with exit code {proc.returncode}')
    return ''.join(lines)


def parse_metric(log: str, key: str) -> float:
    matches = re.findall(rf'{re.escape(key)}: ([-\d.]+)', log)
    if not matches:
        raise RuntimeError(f'no "{key}" in the test output')
    return float(matches[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        'task', nargs='?', default='cls', choices=sorted(DEMOS))
    parser.add_argument('--work-dir', help='defaults to work_dirs/demo_TASK')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        default=[],
        help='passed on to tools/train.py and tools/test.py')
    args = parser.parse_args(argv)
    demo = DEMOS[args.task]
    work_dir = args.work_dir or osp.join('work_dirs', f'demo_{args.task}')
    start = time.time()

    data_root = osp.join(REPO_ROOT, demo.data_root)
    info = demo.make_data(
        data_root, progress=lambda msg: print(f'[data] {msg}', flush=True))
    print(f"[data] {'reused' if info['reused'] else 'generated'} "
          f'{demo.data_root}', flush=True)

    cfg_options = ['--cfg-options', *args.cfg_options] \
        if args.cfg_options else []
    tools = osp.join(REPO_ROOT, 'tools')
    run_streaming([
        sys.executable,
        osp.join(tools, 'train.py'), demo.config, '--work-dir', work_dir,
        *cfg_options
    ])
    with open(osp.join(REPO_ROOT, work_dir, 'last_checkpoint')) as f:
        checkpoint = f.read().strip()
    log = run_streaming([
        sys.executable,
        osp.join(tools, 'test.py'), demo.config, checkpoint, '--work-dir',
        osp.join(work_dir, 'test'), *cfg_options
    ])
    value = parse_metric(log, demo.metric)
    print(f'\n{args.task} demo: {demo.metric} = {value:.2f} '
          f'(chance {demo.chance:.2f}), checkpoint {checkpoint}, '
          f'{time.time() - start:.0f} s in all', flush=True)


if __name__ == '__main__':
    os.environ.setdefault('PYTHONUNBUFFERED', '1')
    main()
