"""``mogaseg::`` config paths: MMEngine's table of packages learns mogaseg
in ``register_all_modules`` (never at import), our tools and APIs read
them from this copy of mogaseg, and the scope MMEngine gives inherited
dicts is dropped. The wheel's own ``mogaseg::`` paths, through MMEngine,
are tested in tests/test_packaging (MMEngine finds the package by its
installed metadata, which an editable install keeps elsewhere)."""
import os.path as osp

import pytest
from mmengine.config import Config
from mmengine.config import utils as config_utils

from mogaseg.apis import build_model_from_config
from mogaseg.engine import load_config
from mogaseg.utils import register_all_modules
from mogaseg.utils.package_configs import (config_file, drop_package_scope,
                                           register_config_package)

CONFIG = 'moganet/moganet-xtiny_8xb128_in1k.py'


def test_mmengine_resolves_mogaseg_paths_through_its_table():
    """mogaseg adds itself to ``mmengine.config.utils.MODULE2PACKAGE``, a
    table private to MMEngine (the only way to make ``PKG::`` paths work
    for another package). This fails when MMEngine changes that table or
    the function that reads it."""
    register_all_modules(init_default_scope=False)
    table = getattr(config_utils, 'MODULE2PACKAGE', None)
    assert isinstance(table, dict) and table.get('mmdet') == 'mmdet', \
        'mmengine.config.utils.MODULE2PACKAGE changed: update ' \
        'mogaseg.utils.package_configs.register_config_package'
    assert table['mogaseg'] == 'mogaseg'
    assert config_utils._get_package_and_cfg_path(f'mogaseg::{CONFIG}') \
        == ('mogaseg', CONFIG)
    # the registries read the same dict
    from mmengine.registry import registry
    assert registry.MODULE2PACKAGE is table


def test_a_changed_mmengine_table_warns_instead_of_failing(monkeypatch):
    monkeypatch.delattr(config_utils, 'MODULE2PACKAGE')
    with pytest.warns(UserWarning, match='register_config_package'):
        register_config_package()


def test_tools_and_apis_take_mogaseg_paths(repo_root):
    assert config_file(f'mogaseg::{CONFIG}') == \
        osp.join(repo_root, 'configs', *CONFIG.split('/'))
    assert config_file('my/config.py') == 'my/config.py'
    assert load_config(f'mogaseg::{CONFIG}').model.backbone.arch == 'xtiny'
    model = build_model_from_config(
        f'mogaseg::{CONFIG}', cfg_options={'model.head.num_classes': 3})
    assert model.head.fc.out_features == 3


def test_the_scope_of_mogaseg_bases_is_dropped():
    """MMEngine marks every dict inherited from a ``mogaseg::`` base with
    ``_scope_='mogaseg'``; the base's own ``default_scope`` decides
    instead. Other packages' markers stay."""
    cfg = Config(
        dict(
            default_scope='mmpretrain',
            model=dict(
                type='ImageClassifier',
                _scope_='mogaseg',
                backbone=dict(type='mogaseg.MogaNet')),
            pipeline=[dict(type='LoadImageFromFile', _scope_='mogaseg')],
            hooks=dict(det=dict(type='DetVisualizationHook',
                                _scope_='mmdet'))))
    assert drop_package_scope(cfg) is cfg
    assert '_scope_' not in cfg.model
    assert '_scope_' not in cfg.pipeline[0]
    assert cfg.hooks.det._scope_ == 'mmdet'
