"""Say when a resumed run cannot end where the uninterrupted run would.

``--resume`` restores the weights, the optimizer, the schedulers and the
iteration, but a run reproduces the uninterrupted one only if its random
streams and its kernels do too. Otherwise it silently ends at another
accuracy. :func:`inexact_resume_settings` names the settings that prevent
that; ``tools/train.py`` prints them in one warning when it resumes.
"""
import logging
import os.path as osp
from typing import List

import torch
from mmengine.config import Config
from mmengine.logging import print_log


def _type_name(node) -> str:
    return str((node or {}).get('type', '')).split('.')[-1]


def _is_iter_based(train_cfg) -> bool:
    train_cfg = train_cfg or {}
    if 'type' in train_cfg:
        return _type_name(train_cfg) == 'IterBasedTrainLoop'
    return train_cfg.get('by_epoch', True) is False


def _has_epoch_seed_hook(cfg: Config) -> bool:
    hooks = list((cfg.get('default_hooks') or {}).values())
    hooks += list(cfg.get('custom_hooks') or [])
    return any(_type_name(hook) == 'EpochSeedHook' for hook in hooks)


def inexact_resume_settings(cfg: Config) -> List[str]:
    """The settings of ``cfg`` that keep a resumed run from reproducing the
    uninterrupted one, each with the reason; empty if there are none."""
    randomness = cfg.get('randomness') or {}
    loader = cfg.get('train_dataloader') or {}
    workers = loader.get('num_workers', 0)
    found = []
    if randomness.get('seed') is None:
        found.append('randomness.seed=None (every start draws a new seed)')
    if not randomness.get('deterministic') and torch.cuda.is_available():
        found.append('randomness.deterministic=False (non-deterministic '
                     'CUDA kernels)')
    if not _has_epoch_seed_hook(cfg):
        found.append('no mogaseg.EpochSeedHook (the random state restarts '
                     'from the seed instead of from the epoch)')
    if workers and loader.get('persistent_workers') and \
            _type_name(loader.get('sampler')) != 'InfiniteSampler':
        found.append('train_dataloader.persistent_workers=True (the '
                     'workers\' random state lives across epochs)')
    if not workers and _is_iter_based(cfg.get('train_cfg')):
        found.append('train_dataloader.num_workers=0 in an iteration-based '
                     'loop (skipping the trained batches on resume draws '
                     'from the random state)')
    return found


def _will_resume(cfg: Config) -> bool:
    if not cfg.get('resume'):
        return False
    # what the Runner resumes from without load_from
    return bool(cfg.get('load_from')) or osp.isfile(
        osp.join(cfg.work_dir, 'last_checkpoint'))


def warn_inexact_resume(cfg: Config) -> None:
    """Print one warning naming :func:`inexact_resume_settings` if ``cfg``
    resumes a run."""
    found = inexact_resume_settings(cfg) if _will_resume(cfg) else []
    if found:
        print_log(
            'this resumed run will not reproduce the uninterrupted one '
            '(other weights, other accuracy) because of: ' +
            '; '.join(found), logger='current', level=logging.WARNING)
