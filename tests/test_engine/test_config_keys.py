"""Misspelt config keys: an unknown top-level key is warned about with the
closest known one, an ``--cfg-options`` key that matches nothing stops the
run, and the keys that MMEngine reads all count as known."""
import importlib.util
import inspect
import logging
import re

import pytest
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.runner import Runner

from mogaseg.engine.config_keys import (check_cfg_options,
                                        known_top_level_keys,
                                        warn_unknown_top_level_keys)
from mogaseg.errors import ConfigError

CONFIG = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'


@pytest.fixture(scope='module')
def cfg(repo_root):
    return Config.fromfile(f'{repo_root}/{CONFIG}')


class _Records(logging.Handler):

    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def log_records():
    logger = MMLogger.get_current_instance()
    handler = _Records()
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_every_key_the_runner_reads_is_known():
    # Runner.__init__ reads some keys from cfg itself; from_cfg passes the
    # others as arguments: a key added to either in MMEngine shows here.
    source = inspect.getsource(Runner)
    read = set(re.findall(r"\bcfg\.get\('(\w+)'", inspect.getsource(
        Runner.from_cfg))) | set(re.findall(r"self\.cfg\.get\('(\w+)'",
                                            source))
    assert read and read <= known_top_level_keys()


def test_misspelt_top_level_key_warns_with_the_closest(cfg, log_records):
    cfg = cfg.copy()
    cfg.optim_wraper = cfg.optim_wrapper
    cfg.lr_base = 0.1  # a variable, resembling no key
    assert warn_unknown_top_level_keys(cfg) == ['optim_wraper', 'lr_base']
    warnings = [r.getMessage() for r in log_records
                if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "'optim_wraper'" in warnings[0]
    assert "did you mean 'optim_wrapper'?" in warnings[0]
    infos = [r.getMessage() for r in log_records if r.levelno == logging.INFO]
    assert any("'lr_base'" in m for m in infos)


def test_known_keys_are_silent(cfg, log_records):
    assert warn_unknown_top_level_keys(cfg) == []
    assert not log_records


@pytest.mark.parametrize('option, message', [
    ('optim_wraper.optimizer.lr', "no 'optim_wraper'.*optim_wrapper\\?"),
    ('model.backbon.arch', "model has no 'backbon'.*model.backbone\\?"),
    ('model.backbone.archh', "no 'archh'.*model.backbone.arch\\?"),
    ('train_cfg.max_epoch', "no 'max_epoch'.*train_cfg.max_epochs\\?"),
    ('randomness.sed', 'randomness.seed\\?'),
    ('param_scheduler.5.end', "param_scheduler has no '5'.*has: 0, 1"),
    ('foo', "the config has no 'foo'.*the config has: model"),
    ('model.backbone.arch.depth', "model.backbone.arch is 'xtiny', not a"),
])
def test_cfg_option_matching_nothing_is_an_error(cfg, option, message):
    with pytest.raises(ConfigError, match=message):
        check_cfg_options(cfg, {option: 1})


@pytest.mark.parametrize('option', [
    'train_cfg.max_epochs', 'param_scheduler.1.end',
    'model.backbone.with_cp',  # left at its default by the config
    'model.backbone.init_cfg.checkpoint',  # a new dict
    'train_dataloader.dataset.strict', 'compile',  # known, not in the config
    'model_wrapper_cfg.type'
])
def test_cfg_options_that_match_or_add_a_setting_pass(cfg, option):
    check_cfg_options(cfg, {option: 1})


def test_train_stops_before_building_anything(repo_root, tmp_path):
    spec = importlib.util.spec_from_file_location(
        'tool_train', f'{repo_root}/tools/train.py')
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    with pytest.raises(SystemExit) as exit_info:
        train.main([CONFIG, '--work-dir', str(tmp_path), '--cfg-options',
                    'optim_wrapper.optimizer.lr=0.1',
                    'optim_wraper.optimizer.lr=0.2'])
    assert str(exit_info.value).startswith(
        'error: --cfg-options optim_wraper.optimizer.lr:')
    assert 'did you mean optim_wrapper?' in str(exit_info.value)
    assert list(tmp_path.iterdir()) == []  # nothing written
