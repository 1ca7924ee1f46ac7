"""The checks only a CUDA machine can run, in one go (under 10 minutes on
one GPU), with one JSON summary::

    make gpu-check        # python tools/gpu_check.py
    python tools/gpu_check.py --out work_dirs/gpu_check \\
        --moganet-release ../MogaNet/models/moganet.py \\
        --focalnet-release ../FocalNet/classification/focalnet.py

1. train / test: a few steps of each task's demo config (classification,
   detection, segmentation, pose, video; MogaNet) and of the classification
   demo with each other family's backbone, on generated data, through
   ``tools/train.py`` (fp32, then ``--amp``) and ``tools/test.py``; the
   classification demo once more with ``compile=True``;
2. the inference forms on CUDA: no oneDNN (CPU-only) kernel runs, and their
   outputs equal the training modules' (eval mode, fp32 without TF32);
3. channels_last and ``torch.compile`` of each family's backbone: the same
   outputs and gradients as the plain eager model;
4. distributed: ``tools/dist_train.sh`` with every GPU, DDP with SyncBN
   (NCCL), and FSDP2 in fp32 and with ``--amp``;
5. ``tools/analysis/benchmark_published.py`` against the published MogaNet
   and FocalNet code, fp32 and AMP, where their model files are given.

Each check is a line as it ends and an entry of ``summary.json`` (status
'pass', 'fail' or 'skip', seconds, details); the exit code is 1 if one
failed. Without CUDA it says so in one line and exits 0.
"""
import argparse
import copy
import json
import os
import os.path as osp
import re
import subprocess
import sys
import time
import traceback
from typing import Callable, Dict, List

import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
TOOLS = osp.join(REPO_ROOT, 'tools')
DEMO = 'configs/moganet/'
CLS_DEMO = DEMO + 'moganet-xtiny_1xb16_demo-imagenet-64px.py'
POSE_DETECTIONS = ('person_detection_results/'
                   'COCO_val2017_detections_AP_H_56_person.json')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='The CUDA checks: train/test per task and family, '
        'fp32 and AMP, inference forms, channels_last, compile, DDP/FSDP2, '
        'published baselines.')
    parser.add_argument('--out', default='work_dirs/gpu_check',
                        help='work dirs, generated data and summary.json')
    parser.add_argument('--moganet-release',
                        help="the release's models/moganet.py")
    parser.add_argument('--focalnet-release',
                        help="the release's classification/focalnet.py")
    parser.add_argument('--only', nargs='+',
                        choices=['train', 'deploy', 'layout', 'dist',
                                 'published'],
                        help='run these groups of checks only')
    parser.add_argument('--timeout', type=int, default=300,
                        help='seconds each tool run may take')
    return parser.parse_args(argv)


# ----------------------------------------------------------------- data

def demo_runs(data: str) -> Dict[str, tuple]:
    """name -> (config, data maker, its kwargs, --cfg-options): each a short
    run of a demo config on a few generated images."""
    from mogaseg.datasets import (make_ade20k_like, make_coco_keypoints_like,
                                  make_coco_like, make_imagenet_like,
                                  make_moving_mnist_demo)
    from mogaseg.engine.cli import LOADERS, loader_cfg_options
    cls, coco, ade, pose, mnist = (osp.join(data, name) for name in (
        'imagenet', 'coco', 'ade20k', 'coco_keypoints', 'moving_mnist'))
    cls_options = loader_cfg_options(
        cls, **{'dataset.classes': '{root}/meta/classes.txt',
                'batch_size': 8}) + [
                    'train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
                    'param_scheduler.1.end=2']
    ann = 'annotations/instances_val2017.json'
    keypoints = 'annotations/person_keypoints_val2017.json'
    return {
        'cls': (CLS_DEMO, make_imagenet_like,
                dict(train_per_class=4, val_per_class=2, image_size=64),
                cls, cls_options),
        'det': (DEMO + 'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py',
                make_coco_like,
                dict(train_images=8, val_images=4, image_size=64), coco, [
                    'model.backbone.init_cfg=None',
                    f'val_evaluator.ann_file={coco}/{ann}',
                    f'test_evaluator.ann_file={coco}/{ann}',
                    *loader_cfg_options(coco, batch_size=2),
                    'train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
                    'param_scheduler.1.end=1'
                ]),
        'seg': (DEMO + 'fpn_moganet-xtiny_1xb8_demo-ade20k-128px.py',
                make_ade20k_like,
                dict(train_images=6, val_images=3, image_size=64), ade, [
                    'model.backbone.init_cfg=None',
                    'model.data_preprocessor.size=(64,64)',
                    *loader_cfg_options(ade), 'train_dataloader.batch_size=2',
                    'train_cfg.max_iters=4', 'train_cfg.val_interval=4',
                    'default_hooks.checkpoint.interval=4',
                    'param_scheduler.0.end=1', 'param_scheduler.1.begin=1',
                    'param_scheduler.1.end=4'
                ]),
        'pose': (DEMO + 'td-hm_moganet-xtiny_1xb16_demo-coco-keypoints-'
                 '128px.py', make_coco_keypoints_like,
                 dict(train_images=8, val_images=4), pose, [
                     'model.backbone.init_cfg=None',
                     f'val_evaluator.ann_file={pose}/{keypoints}',
                     f'test_evaluator.ann_file={pose}/{keypoints}',
                     *loader_cfg_options(pose, batch_size=4),
                     f'val_dataloader.dataset.bbox_file={pose}/'
                     f'{POSE_DETECTIONS}',
                     f'test_dataloader.dataset.bbox_file={pose}/'
                     f'{POSE_DETECTIONS}',
                     'train_cfg.max_epochs=1', 'train_cfg.val_interval=1'
                 ]),
        'video': (DEMO + 'simvp_moganet_1xb8_demo-mmnist.py',
                  make_moving_mnist_demo,
                  dict(num_test=4, test_per_class=10), mnist, [
                      f'{loader}.dataset.data_root={mnist}'
                      for loader in LOADERS
                  ] + [
                      'train_dataloader.dataset.length=16',
                      'train_dataloader.num_workers=0',
                      'val_dataloader.num_workers=0',
                      'test_dataloader.num_workers=0',
                      'train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
                      'param_scheduler.0.end=1'
                  ]),
    }


def family_config(out: str, family) -> str:
    """The classification demo with a small backbone of ``family``."""
    backbone = dict(family.test_kwargs, type=f'mogaseg.{family.name}',
                    drop_path_rate=0.1)
    from mogaseg.analysis import last_output_channels
    from mogaseg.registry import MODELS
    width = last_output_channels(MODELS.build(dict(backbone)), (64, 64))
    path = osp.join(out, 'configs', f'{family.name.lower()}_cls_demo.py')
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(f'_base_ = [{osp.join(REPO_ROOT, CLS_DEMO)!r}]\n'
                f'model = dict(backbone=dict(_delete_=True, **{backbone!r}),'
                f'\n             head=dict(in_channels={width}))\n')
    return path


# --------------------------------------------------------------- checks

class Checks:
    """Runs named checks, prints each as it ends, keeps the summary."""

    def __init__(self):
        self.results: List[dict] = []

    def run(self, name: str, check: Callable[[], dict]) -> None:
        start = time.time()
        try:
            details = check() or {}
            status = details.pop('status', 'pass')
        except Exception as error:  # a failed check, reported, not fatal
            status = 'fail'
            details = dict(error=f'{type(error).__name__}: {error}',
                           traceback=traceback.format_exc()[-3000:])
        seconds = round(time.time() - start, 1)
        self.results.append(
            dict(check=name, status=status, seconds=seconds, **details))
        brief = {k: v for k, v in details.items() if k != 'traceback'}
        print(f'[{status:4s}] {name} ({seconds} s) '
              f'{json.dumps(brief)[:300]}', flush=True)


def run_tool(args, script: str, *argv) -> str:
    """Run ``tools/SCRIPT`` and return its output; if it fails, raise with
    the output's tail."""
    cmd = [sys.executable, osp.join(TOOLS, script), *argv]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=args.timeout)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise RuntimeError(f'{script} exited {proc.returncode}:\n'
                           f'{output[-3000:]}')
    return output


def last_checkpoint(work_dir: str) -> str:
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def train_and_test(args, checks: Checks, name: str, config: str,
                   options: List[str], precisions=('fp32', 'amp')) -> None:
    work = osp.join(args.out, 'work_dirs', name)

    def train(precision):
        def check():
            extra = ['--amp'] if precision == 'amp' else []
            run_tool(args, 'train.py', config, '--work-dir',
                     f'{work}_{precision}', *extra, '--cfg-options',
                     *options)
            return dict(checkpoint=last_checkpoint(f'{work}_{precision}'))
        return check

    def test():
        log = run_tool(args, 'test.py', config,
                       last_checkpoint(f'{work}_fp32'), '--work-dir',
                       f'{work}_test', '--cfg-options', *options)
        return dict(log_tail=log.strip().splitlines()[-1][-200:])

    for precision in precisions:
        checks.run(f'train {name} {precision}', train(precision))
        if precision == 'fp32':
            checks.run(f'test {name} fp32', test)


def train_checks(args, checks: Checks,
                 precisions=('fp32', 'amp')) -> None:
    from mogaseg.models.families import FAMILIES
    runs = demo_runs(osp.join(args.out, 'data'))
    for task, (config, make, kwargs, root, options) in runs.items():
        checks.run(f'data {task}', lambda: dict(
            reused=make(root, seed=1, **kwargs)['reused']))
        train_and_test(args, checks, f'{task}/MogaNet', config, options,
                       precisions)
    cls_options = runs['cls'][4]
    for family in sorted(FAMILIES):
        if family == 'MogaNet':
            continue
        config = family_config(args.out, FAMILIES[family])
        train_and_test(args, checks, f'cls/{family}', config, cls_options,
                       precisions)
    if 'amp' not in precisions:
        return  # (a run on CPU, to check this script's options)
    checks.run('train cls/MogaNet compile=True', lambda: dict(
        log_tail=run_tool(args, 'train.py', CLS_DEMO, '--work-dir',
                          osp.join(args.out, 'work_dirs', 'cls_compile'),
                          '--cfg-options', *cls_options,
                          'compile=True').strip().splitlines()[-1][-200:]))


def _family_models():
    """A small backbone of each family, without drop path (compiled code
    draws other random numbers than eager code)."""
    from mogaseg.models.families import FAMILIES
    for name, family in sorted(FAMILIES.items()):
        torch.manual_seed(0)
        model = family.backbone(**dict(family.test_kwargs,
                                       out_indices=(0, 1, 2, 3),
                                       drop_path_rate=0.))
        model.init_weights()
        yield name, model.eval()


# fp32 without TF32: reordered sums and folded BatchNorms differ by a few
# float32 roundings of the largest value, far below this
RELATIVE_TOLERANCE = 1e-4


def _max_difference(a, b) -> float:
    """The largest difference of two tensor lists, relative to the largest
    magnitude in the reference list ``a``: rounding scales with the values
    that flow through, and some gradients are zero but for rounding (a
    bias before a train-mode BatchNorm), so per-tensor ratios mislead."""
    assert len(a) == len(b)
    difference = max((x.float() - y.float()).abs().max().item()
                     for x, y in zip(a, b))
    scale = max(x.float().abs().max().item() for x in a)
    return difference / max(scale, 1e-12)


class KernelRecorder(torch.utils._python_dispatch.TorchDispatchMode):
    """The names of the ATen / private ops a forward runs."""

    def __init__(self):
        super().__init__()
        self.ops = set()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.add(str(func._schema.name))
        return func(*args, **(kwargs or {}))


def cpu_only_kernels(model, images) -> List[str]:
    with torch.no_grad(), KernelRecorder() as recorder:
        model(images)
    return sorted(op for op in recorder.ops if op.startswith('mkldnn::'))


def deploy_checks(args, checks: Checks) -> None:
    from mogaseg.models import switch_to_deploy
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    for name, model in _family_models():
        def check(name=name, model=model):
            images = torch.randn(2, 3, 64, 64)
            result = {}
            # deployed on CPU and moved, and deployed on the GPU
            for where in ('cpu', 'cuda'):
                plain = copy.deepcopy(model).cuda()
                deployed = copy.deepcopy(model).to(where)
                switch_to_deploy(deployed)
                deployed.cuda()
                x = images.cuda()
                with torch.no_grad():
                    difference = _max_difference(plain(x), deployed(x))
                used = cpu_only_kernels(deployed, x)
                if used or difference > RELATIVE_TOLERANCE:
                    raise AssertionError(
                        f'deployed on {where}: oneDNN ops {used}, outputs '
                        f'differ by {difference:.2e} (relative; allowed '
                        f'{RELATIVE_TOLERANCE})')
                result[f'deployed on {where}: relative difference'] = \
                    difference
            return result
        checks.run(f'deploy {name}: no oneDNN kernels on CUDA, equal '
                   'outputs', check)


def layout_checks(args, checks: Checks) -> None:
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    for name, model in _family_models():
        def check(name=name, model=model):
            images = torch.randn(2, 3, 64, 64).cuda()
            eager = copy.deepcopy(model).cuda().train()

            def outputs_and_grads(m, x):
                m.zero_grad()
                outs = m(x)
                sum(o.float().square().mean() for o in outs).backward()
                return [o.detach() for o in outs], [
                    p.grad for p in m.parameters() if p.grad is not None]

            ref = outputs_and_grads(eager, images)
            variants = {
                'channels_last': (copy.deepcopy(eager).to(
                    memory_format=torch.channels_last), images.contiguous(
                        memory_format=torch.channels_last)),
                'compile': (torch.compile(copy.deepcopy(eager)), images),
            }
            result = {}
            for variant, (m, x) in variants.items():
                outs, grads = outputs_and_grads(m, x)
                difference = max(_max_difference(ref[0], outs),
                                 _max_difference(ref[1], grads))
                result[f'{variant}: relative difference'] = difference
                if difference > RELATIVE_TOLERANCE:
                    raise AssertionError(f'{variant}: outputs or gradients '
                                         f'differ by {difference:.2e} '
                                         '(relative)')
            return result
        checks.run(f'layout {name}: channels_last and compile', check)


def dist_checks(args, checks: Checks) -> None:
    gpus = torch.cuda.device_count()
    runs = demo_runs(osp.join(args.out, 'data'))
    _, make, kwargs, root, options = runs['cls']
    make(root, seed=1, **kwargs)
    fsdp2 = DEMO + 'moganet-xtiny_2xb8_demo-imagenet-64px_fsdp2.py'
    # (with one GPU FSDP2 has nothing to shard over: the scaler of --amp
    # meets sharded gradients only with two or more)
    for name, config, flags, extra in (
            ('DDP + SyncBN', CLS_DEMO, [], ['sync_bn=torch']),
            ('FSDP2', fsdp2, [], []), ('FSDP2 --amp', fsdp2, ['--amp'], [])):
        def check(config=config, flags=flags, extra=extra, name=name):
            work = osp.join(args.out, 'work_dirs', 'dist_' + ''.join(
                c if c.isalnum() else '_' for c in name.lower()))
            cmd = ['bash', osp.join(TOOLS, 'dist_train.sh'), config,
                   str(gpus), '--work-dir', work, *flags, '--cfg-options',
                   *options, *extra]
            proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True,
                                  text=True, timeout=args.timeout,
                                  env=dict(os.environ, PYTHON=sys.executable))
            log = proc.stdout + proc.stderr
            if proc.returncode != 0:
                raise RuntimeError(f'exit {proc.returncode}:\n{log[-3000:]}')
            backend = re.search(r"'backend': '(\w+)'", log)
            backend = backend.group(1) if backend else None
            if backend != 'nccl':
                raise AssertionError(f'the processes talked through '
                                     f'{backend}, not NCCL')
            return dict(gpus=gpus, backend=backend,
                        checkpoint=last_checkpoint(work))
        checks.run(f'dist {name} on {gpus} GPU(s)', check)


def published_checks(args, checks: Checks) -> None:
    releases = {'moganet-tiny': args.moganet_release,
                'focalnet-tiny-srf': args.focalnet_release}
    for model, release in releases.items():
        for amp in (False, True):
            name = f'published {model} {"amp" if amp else "fp32"}'
            if not release or not osp.isfile(release):
                checks.run(name, lambda: dict(
                    status='skip', why='no release model file (--moganet-'
                    'release / --focalnet-release)'))
                continue

            def check(model=model, release=release, amp=amp):
                rows = osp.join(args.out, f'published_{model}_{amp}.json')
                run_tool(args, 'analysis/benchmark_published.py', model,
                         '--release-file', release, '--device', 'cuda',
                         '--batch-size', '64', '--train-batch-size', '32',
                         *(['--amp'] if amp else []), '--json', rows)
                with open(rows) as f:
                    return dict(rows=[{k: v for k, v in row.items()
                                       if k != 'runs_ms'}
                                      for row in json.load(f)])
            checks.run(name, check)


GROUPS = {'train': train_checks, 'deploy': deploy_checks,
          'layout': layout_checks, 'dist': dist_checks,
          'published': published_checks}


def main(argv=None) -> int:
    args = parse_args(argv)
    if not torch.cuda.is_available():
        print('gpu_check: no CUDA device here (torch.cuda.is_available() '
              'is False); nothing to check.')
        return 0
    from mogaseg.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    args.out = osp.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    start = time.time()
    checks = Checks()
    for group in args.only or GROUPS:
        GROUPS[group](args, checks)
    summary = dict(
        device=torch.cuda.get_device_name(0),
        gpus=torch.cuda.device_count(), torch=torch.__version__,
        cuda=torch.version.cuda, seconds=round(time.time() - start),
        failed=sum(r['status'] == 'fail' for r in checks.results),
        checks=checks.results)
    path = osp.join(args.out, 'summary.json')
    with open(path, 'w') as f:
        json.dump(summary, f, indent=1)
    print(f'gpu_check: {len(checks.results)} checks, {summary["failed"]} '
          f'failed, {summary["seconds"]} s; {path}')
    return 1 if summary['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
