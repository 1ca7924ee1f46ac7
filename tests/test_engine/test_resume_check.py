"""A resumed run whose settings cannot reproduce the uninterrupted run says
so in one warning that names the settings; the demos resume exactly."""
import glob
import logging

import pytest
import torch
from mmengine.config import Config

from mogaseg.engine import resume_check
from mogaseg.engine.resume_check import (inexact_resume_settings,
                                         warn_inexact_resume)

# the settings of the demo configs that matter here
_EXACT = dict(
    randomness=dict(seed=0, deterministic=False),
    default_hooks=dict(epoch_seed=dict(type='mogaseg.EpochSeedHook')),
    train_cfg=dict(by_epoch=True, max_epochs=2),
    train_dataloader=dict(
        num_workers=2,
        persistent_workers=False,
        sampler=dict(type='DefaultSampler')))


def _cfg(**changes):
    cfg = Config(_EXACT)
    cfg.merge_from_dict(changes)
    return cfg


@pytest.fixture
def cpu_only(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)


@pytest.mark.parametrize('changes, named', [
    ({'randomness.seed': None}, 'randomness.seed=None'),
    ({'train_dataloader.persistent_workers': True},
     'train_dataloader.persistent_workers=True'),
    ({'default_hooks.epoch_seed.type': 'OtherHook'},
     'no mogaseg.EpochSeedHook'),
    ({'train_cfg': dict(type='IterBasedTrainLoop', max_iters=4),
      'train_dataloader.num_workers': 0},
     'train_dataloader.num_workers=0 in an iteration-based loop'),
])
def test_each_inexact_setting_is_named(cpu_only, changes, named):
    found = inexact_resume_settings(_cfg(**changes))
    assert len(found) == 1 and found[0].startswith(named), found


def test_non_deterministic_kernels_matter_on_cuda(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: True)
    assert inexact_resume_settings(_cfg()) == [
        'randomness.deterministic=False (non-deterministic CUDA kernels)'
    ]
    assert inexact_resume_settings(
        _cfg(**{'randomness.deterministic': True})) == []


def test_persistent_workers_of_an_infinite_sampler_are_fine(cpu_only):
    assert inexact_resume_settings(_cfg(**{
        'train_dataloader.persistent_workers': True,
        'train_dataloader.sampler.type': 'InfiniteSampler'
    })) == []


def test_demo_configs_resume_exactly_on_cpu(cpu_only, repo_root):
    demos = glob.glob(f'{repo_root}/configs/moganet/*demo*.py')
    assert len(demos) == 6  # cls (and its FSDP2 form), det, seg, pose, video
    for path in demos:
        cfg = Config.fromfile(path, import_custom_modules=False)
        assert inexact_resume_settings(cfg) == [], path


@pytest.fixture
def warnings_logged(monkeypatch):
    """(level, message) of what the module prints (through MMEngine's
    logger, whose stream may be another test's)."""
    logged = []
    monkeypatch.setattr(
        resume_check, 'print_log',
        lambda msg, logger=None, level=logging.INFO: logged.append(
            (level, msg)))
    return logged


def test_warns_once_when_resuming(cpu_only, tmp_path, warnings_logged):
    (tmp_path / 'iter_2.pth').write_bytes(b'')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_2.pth'))
    cfg = _cfg(**{'randomness.seed': None,
                  'train_dataloader.persistent_workers': True})
    cfg.work_dir = str(tmp_path)

    cfg.resume = False
    warn_inexact_resume(cfg)
    assert warnings_logged == []

    cfg.resume = True
    warn_inexact_resume(cfg)
    (level, message), = warnings_logged
    assert level == logging.WARNING
    assert message.startswith('this resumed run will not reproduce the '
                              'uninterrupted one')
    assert 'randomness.seed=None' in message
    assert 'train_dataloader.persistent_workers=True' in message


def test_nothing_to_resume_no_warning(cpu_only, tmp_path, warnings_logged):
    cfg = _cfg(**{'randomness.seed': None})
    cfg.work_dir = str(tmp_path)  # no checkpoint: a fresh start
    cfg.resume = True
    warn_inexact_resume(cfg)
    assert warnings_logged == []
