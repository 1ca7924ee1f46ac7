"""Every config under configs/ parses and its model builds."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.registry import DefaultScope

CONFIGS = sorted(
    p for p in glob.glob('configs/**/*.py', recursive=True,
                         root_dir=osp.dirname(osp.dirname(__file__)))
    if '/_base_/' not in p)


def test_configs_were_found():
    assert len(CONFIGS) >= 7


@pytest.mark.parametrize('path', CONFIGS)
def test_config_parses_and_model_builds(path):
    cfg = Config.fromfile(path)
    for key in ('model', 'default_scope', 'train_dataloader', 'optim_wrapper',
                'param_scheduler', 'train_cfg', 'val_evaluator'):
        assert key in cfg, f'{path} has no {key}'
    from mmengine.registry import MODELS

    # build through the task's own registry, as the Runner does
    with DefaultScope.overwrite_default_scope(cfg.default_scope):
        model = MODELS.build(cfg.model)
    assert sum(p.numel() for p in model.parameters()) > 0
    backbone = cfg.model.backbone
    assert backbone.type.startswith('mogaseg.')


def test_recipe_values_of_published_configs():
    xt = Config.fromfile('configs/moganet/moganet-xtiny_8xb128_in1k.py')
    assert xt.model.backbone.drop_path_rate == 0.05
    assert xt.optim_wrapper.optimizer.weight_decay == 0.03
    assert xt.model.train_cfg.augments[0] == dict(type='Mixup', alpha=0.1)
    ra = [t for t in xt.train_pipeline if t.type == 'RandAugment'][0]
    assert ra.magnitude_level == 7
    assert xt.auto_scale_lr.base_batch_size == 1024
    assert xt.train_cfg.max_epochs == 300

    s = Config.fromfile('configs/moganet/moganet-small_8xb128_in1k.py')
    assert s.custom_hooks[0].type == 'EMAHook'
    assert s.param_scheduler[-1].eta_min == 1e-5
    ra = [t for t in s.train_pipeline if t.type == 'RandAugment'][0]
    assert ra.magnitude_level == 9
    xl = Config.fromfile('configs/moganet/moganet-xlarge_8xb64_in1k.py')
    assert xl.model.backbone.drop_path_rate == 0.4
    assert xl.custom_hooks[0].type == 'EMAHook'
    assert xl.auto_scale_lr.base_batch_size == 512
