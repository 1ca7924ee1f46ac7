import importlib.util
import os.path as osp
import subprocess
import sys
from typing import List, NamedTuple

import pytest


def _run_script(repo_root, script, *args, timeout=600):
    proc = subprocess.run(
        [sys.executable, osp.join(repo_root, script), *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=timeout)
    return proc, proc.stdout + proc.stderr


@pytest.fixture
def run_tool(repo_root):
    """Run ``tools/SCRIPT`` in a subprocess from the repository root, as a
    user would; return the process and its stdout + stderr."""

    def run(script, *args, timeout=600):
        return _run_script(
            repo_root, osp.join('tools', script), *args, timeout=timeout)

    return run


@pytest.fixture
def run_demo_script(repo_root):
    """Run ``demo/SCRIPT`` as :func:`run_tool` runs ``tools/SCRIPT``."""

    def run(script, *args, timeout=600):
        return _run_script(
            repo_root, osp.join('demo', script), *args, timeout=timeout)

    return run


@pytest.fixture
def load_tool(repo_root):
    """Import ``tools/SCRIPT`` as a module, to call its ``parse_args`` or
    ``main`` in this process."""

    def load(script):
        name = osp.splitext(osp.basename(script))[0]
        spec = importlib.util.spec_from_file_location(
            f'tool_{name}', osp.join(repo_root, 'tools', script))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


class DemoRun(NamedTuple):
    """A demo config briefly trained on a tiny generated dataset."""
    config: str
    checkpoint: str
    data_root: str
    # --cfg-options that point the config's loaders at data_root
    options: List[str]


def _train_demo(repo_root, work_dir, config, data_options, schedule,
                checkpoint_name):
    proc, log = _run_script(repo_root, 'tools/train.py', config,
                            '--work-dir', work_dir, '--cfg-options',
                            *schedule, *data_options)
    assert proc.returncode == 0, log[-4000:]
    checkpoint = osp.join(work_dir, checkpoint_name)
    assert osp.isfile(checkpoint), log[-2000:]
    return checkpoint


@pytest.fixture(scope='session')
def demo_runs(repo_root, tiny_imagenet, tiny_coco, tiny_ade20k,
              tmp_path_factory, loader_options):
    """One short training run of each task's demo config, shared by the
    tool tests: ``{'cls' | 'det' | 'seg': DemoRun}``."""
    root = tmp_path_factory.mktemp('demo_runs')
    runs = {}

    config = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
    options = loader_options(
        tiny_imagenet,
        **{'dataset.classes': '{root}/meta/classes.txt', 'batch_size': 8})
    runs['cls'] = DemoRun(
        config,
        _train_demo(repo_root, str(root / 'cls'), config, options,
                    ['train_cfg.max_epochs=1', 'param_scheduler.1.end=2'],
                    'epoch_1.pth'), tiny_imagenet, options)

    config = ('configs/moganet/'
              'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py')
    options = [
        'model.backbone.init_cfg=None', *[
            f'{evaluator}.ann_file={tiny_coco}/annotations/'
            'instances_val2017.json'
            for evaluator in ('val_evaluator', 'test_evaluator')
        ], *loader_options(tiny_coco, batch_size=2)
    ]
    runs['det'] = DemoRun(
        config,
        _train_demo(repo_root, str(root / 'det'), config, options,
                    ['train_cfg.max_epochs=1', 'train_cfg.val_interval=2',
                     'param_scheduler.1.end=1'], 'epoch_1.pth'),
        tiny_coco, options)

    config = 'configs/moganet/fpn_moganet-xtiny_1xb8_demo-ade20k-128px.py'
    options = [
        'model.backbone.init_cfg=None',
        'model.data_preprocessor.size=(64,64)', *loader_options(tiny_ade20k),
        'train_dataloader.batch_size=2'
    ]
    runs['seg'] = DemoRun(
        config,
        _train_demo(repo_root, str(root / 'seg'), config, options, [
            'train_cfg.max_iters=2', 'train_cfg.val_interval=4',
            'default_hooks.checkpoint.interval=2', 'param_scheduler.0.end=1',
            'param_scheduler.1.begin=1', 'param_scheduler.1.end=2'
        ], 'iter_2.pth'), tiny_ade20k, options)
    return runs


@pytest.fixture
def world_size_free_options(tiny_imagenet, loader_options):
    """``--cfg-options`` that make the classification demo train alike at
    any world size with the same global batch (``batch_size`` per rank):
    no random augmentation, BatchNorm on running statistics (norm_eval).
    With them, processes legitimately differ from one (per-rank random
    streams, per-rank batch statistics without SyncBN on CPU)."""

    def options(batch_size: int) -> list:
        return [
            *loader_options(
                tiny_imagenet, **{
                    'dataset.classes': '{root}/meta/classes.txt',
                    'batch_size': batch_size,
                }), 'train_cfg.max_epochs=2', 'param_scheduler.1.end=2',
            # the demo pipeline's two random flips, off
            'train_dataloader.dataset.pipeline.1.prob=0.',
            'train_dataloader.dataset.pipeline.2.prob=0.',
            'model.backbone.norm_eval=True', 'randomness.seed=0'
        ]

    return options
