"""What ``tools/train.py`` and ``tools/test.py`` do to a config before the
Runner takes over. Nothing here knows the task: the config's
``default_scope`` decides it."""
import argparse
import logging
import os
import os.path as osp
from typing import List, Optional

import torch
import torch.distributed as dist
from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from mogaseg.checkpoint import check_checkpoint_file
from mogaseg.utils.package_configs import config_file, load_config_file
from .checks import ConfigError, check_model_channels, config_dicts
from .cli import add_cfg_options_arg
from .config_keys import check_cfg_options, warn_unknown_top_level_keys


def add_launch_args(parser: argparse.ArgumentParser) -> None:
    """Add the options that ``tools/train.py`` and ``tools/test.py`` share:
    ``--work-dir``, ``--cfg-options``, ``--launcher``, ``--local-rank``."""
    parser.add_argument('--work-dir', help='the dir for logs and outputs')
    add_cfg_options_arg(parser)
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch.distributed.launch passes --local_rank, torchrun sets LOCAL_RANK.
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def parse_launch_args(parser: argparse.ArgumentParser,
                      argv: Optional[List[str]] = None) -> argparse.Namespace:
    """Parse ``argv`` and export ``LOCAL_RANK`` for the launcher."""
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def load_config(path: str) -> Config:
    """``Config.fromfile`` with a one-line error for a missing file;
    ``mogaseg::moganet/NAME.py`` is a config shipped with mogaseg (see
    :mod:`mogaseg.utils.package_configs`)."""
    if not osp.isfile(config_file(path)):
        raise ConfigError(f'config file not found: {path}')
    return load_config_file(path)


def _default_work_dir(config_path: str) -> str:
    return osp.join('./work_dirs', osp.splitext(osp.basename(config_path))[0])


def _common_setup(cfg: Config, config_path: str, work_dir: Optional[str],
                  launcher: str, cfg_options: Optional[dict]) -> Config:
    cfg.launcher = launcher
    if cfg_options:
        check_cfg_options(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
    warn_unknown_top_level_keys(cfg)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = _default_work_dir(config_path)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(loader):
            _checked_image_loading(cfg[loader])
    if not torch.cuda.is_available():
        _sync_bn_to_bn(cfg)
        strategy = (cfg.get('strategy') or {}).get('type', '')
        if strategy in ('FSDPStrategy', 'DeepSpeedStrategy'):
            raise ConfigError(
                f'{strategy} (runner_type={cfg.get("runner_type")!r}) shards '
                'the model over CUDA GPUs, and this machine has none. Use '
                "strategy=dict(type='mogaseg.FSDP2Strategy') (torch's FSDP2, "
                'which also shards over CPU processes), or train the config '
                'it inherits from (plain DDP).')
    if launcher != 'none' and not torch.cuda.is_available():
        # NCCL needs GPUs; gloo runs DDP on CPU-only machines, where DDP
        # must not be given CUDA device ids either.
        cfg.setdefault('env_cfg', {}).setdefault('dist_cfg', {})
        cfg.env_cfg.dist_cfg.backend = 'gloo'
        if cfg.get('model_wrapper_cfg') is None:
            cfg.model_wrapper_cfg = dict(
                type='MMDistributedDataParallel',
                device_ids=None,
                broadcast_buffers=False,
                find_unused_parameters=cfg.get('find_unused_parameters',
                                               False))
    return cfg


def _checked_image_loading(node) -> None:
    """mmcv's ``LoadImageFromFile`` -> ``mogaseg.LoadImageFromFile`` (the
    same, plus an error naming an unreadable file, or ``on_error='skip'``)
    in every pipeline. The configs name the libraries' own loader, which
    their inferencers recognise and replace; training and testing get the
    checked one here."""
    for _, node in config_dicts(node, ''):
        if node.get('type') == 'LoadImageFromFile':
            node['type'] = 'mogaseg.LoadImageFromFile'  # takes ignore_empty


def _sync_bn_to_bn(cfg: Config) -> None:
    """SyncBN synchronises through CUDA (NCCL); without a GPU use plain BN
    (statistics per process) and say so, instead of failing in the first
    distributed forward."""
    replaced = []
    for path, node in config_dicts(cfg.get('model'), 'model'):
        if node.get('type') in ('SyncBN', 'MMSyncBN', 'SyncBatchNorm'):
            node['type'] = 'BN'
            replaced.append(path)
    if cfg.get('sync_bn'):
        replaced.append(f'sync_bn={cfg.sync_bn!r}')
        cfg.sync_bn = None
    if replaced:
        print_log(
            'SyncBN needs CUDA, which this machine lacks: using BN instead '
            '(per-process statistics) for ' + ', '.join(replaced[:4]) +
            (f' and {len(replaced) - 4} more' if len(replaced) > 4 else ''),
            logger='current', level=logging.WARNING)


def setup_train_cfg(cfg: Config,
                    config_path: str,
                    work_dir: Optional[str] = None,
                    resume: Optional[str] = None,
                    amp: bool = False,
                    auto_scale_lr: bool = False,
                    no_validate: bool = False,
                    launcher: str = 'none',
                    cfg_options: Optional[dict] = None) -> Config:
    """Apply the command-line options of ``tools/train.py`` to ``cfg``.

    Args:
        resume (str, optional): None (no resume), 'auto' (the latest
            checkpoint of the work dir) or a checkpoint path.
    """
    cfg = _common_setup(cfg, config_path, work_dir, launcher, cfg_options)

    if amp:
        if not torch.cuda.is_available():
            raise ConfigError(
                '--amp needs a CUDA device (MMEngine\'s '
                'AmpOptimWrapper); this machine has none. Train in fp32 '
                'without --amp.')
        if cfg.optim_wrapper.get('type', 'OptimWrapper') != \
                'AmpOptimWrapper':
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')

    if auto_scale_lr:
        if 'base_batch_size' not in cfg.get('auto_scale_lr', {}):
            raise ConfigError(
                '--auto-scale-lr needs `auto_scale_lr = '
                'dict(base_batch_size=N)` in the config: the total batch '
                'size its learning rate was set for.')
        cfg.auto_scale_lr.enable = True

    if no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None

    if resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
        _check_latest_checkpoint(cfg.work_dir)
    elif resume is not None:
        if not osp.isfile(resume):
            raise ConfigError(f'--resume checkpoint not found: {resume}')
        cfg.resume = True
        cfg.load_from = resume
    if cfg.get('load_from') and osp.isfile(cfg.load_from):
        # a broken file now, not after the datasets and the model are built
        check_checkpoint_file(cfg.load_from)
    return cfg


def _check_latest_checkpoint(work_dir: str) -> None:
    """Check the checkpoint that ``--resume`` (no value) takes: the one
    ``work_dir/last_checkpoint`` names (MMEngine's record)."""
    record = osp.join(work_dir, 'last_checkpoint')
    if not osp.isfile(record):
        return
    with open(record) as f:
        latest = f.read().strip()
    if osp.isfile(latest):
        check_checkpoint_file(
            latest, f'{latest} (the latest checkpoint, as {record} names it; '
            '--resume FILE resumes from an earlier one)')


def _enable_show_dir(cfg: Config, show_dir: str) -> None:
    """Turn on the task's visualization hook so that test predictions are
    drawn into ``show_dir``."""
    hook = cfg.get('default_hooks', {}).get('visualization')
    if hook is None:
        raise ConfigError(
            '--show-dir needs a `visualization` hook in '
            'default_hooks; this config has none.')
    hook_type = hook.get('type', '').split('.')[-1]
    if hook_type == 'VisualizationHook':  # mmpretrain
        hook.update(enable=True, interval=1, out_dir=show_dir)
    elif hook_type in ('DetVisualizationHook',
                       'PNGDetVisualizationHook'):  # mmdet
        hook.update(draw=True, interval=1, test_out_dir=osp.abspath(show_dir))
    elif hook_type == 'SegVisualizationHook':  # mmseg
        hook.update(draw=True, interval=1)
        cfg.visualizer.save_dir = show_dir
    elif hook_type == 'PoseVisualizationHook':  # mmpose
        hook.update(enable=True, interval=1, out_dir=osp.abspath(show_dir))
    elif hook_type == 'VideoVisualizationHook':  # ours, video prediction
        hook.update(enable=True, out_dir=osp.abspath(show_dir))
    else:
        raise ConfigError(
            f'--show-dir does not know the visualization hook '
            f'{hook_type!r}')


def setup_test_cfg(cfg: Config,
                   config_path: str,
                   checkpoint: str,
                   work_dir: Optional[str] = None,
                   out: Optional[str] = None,
                   show_dir: Optional[str] = None,
                   launcher: str = 'none',
                   cfg_options: Optional[dict] = None,
                   deploy: bool = True) -> Config:
    """Apply the command-line options of ``tools/test.py`` to ``cfg``.

    ``checkpoint`` is a file, an http(s) URL or a published model's name
    (:func:`mogaseg.apis.resolve_checkpoint`)."""
    from mogaseg.apis import resolve_checkpoint

    checkpoint = resolve_checkpoint(checkpoint)
    if not osp.isfile(checkpoint) and not checkpoint.startswith(
            ('http://', 'https://')):
        raise ConfigError(f'checkpoint not found: {checkpoint} (not a '
                          'file, an http(s) URL or a published model name; '
                          'mogaseg.apis.list_models() lists the names)')
    if osp.isfile(checkpoint):
        # a broken file now, not after the datasets and the model are built
        check_checkpoint_file(checkpoint)
    cfg = _common_setup(cfg, config_path, work_dir, launcher, cfg_options)
    cfg.load_from = checkpoint
    cfg.resume = False
    # Metrics only for a model whose every weight is in the checkpoint.
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='mogaseg.CheckpointFitHook', checkpoint=checkpoint)
    ]
    if out is not None:
        if not out.endswith(('.pkl', '.pickle')):
            raise ConfigError(f'--out must be a .pkl file, got {out}')
        evaluators = cfg.test_evaluator
        if not isinstance(evaluators, (list, tuple)):
            evaluators = [evaluators]
        cfg.test_evaluator = list(evaluators) + [
            dict(type='mmengine.DumpResults', out_file_path=out)
        ]
    if show_dir is not None:
        _enable_show_dir(cfg, show_dir)
    if deploy:
        cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
            dict(type='mogaseg.DeployHook')
        ]
    return cfg


def _init_cpu_process_group(cfg: Config) -> None:
    """MMEngine's ``pytorch`` launcher calls ``torch.cuda.set_device``,
    which fails without a GPU; on such machines join the process group
    here (torchrun's environment) and the Runner uses it as it is."""
    if cfg.get('launcher') != 'pytorch' or torch.cuda.is_available() \
            or dist.is_initialized():
        return
    backend = cfg.get('env_cfg', {}).get('dist_cfg', {}).get('backend', 'gloo')
    dist.init_process_group(backend=backend)


def build_runner(cfg: Config) -> Runner:
    """MMEngine's Runner, or the one the config names in ``runner_type``
    (e.g. ``FlexibleRunner`` for FSDP)."""
    _init_cpu_process_group(cfg)
    if 'runner_type' in cfg:
        runner = RUNNERS.build(cfg)
    else:
        runner = Runner.from_cfg(cfg)
    model = runner.model
    if isinstance(model, torch.nn.Module):  # FlexibleRunner builds it later
        check_model_channels(getattr(model, 'module', model))
    return runner
