"""Importing mogaseg changes nothing in other libraries; the explicit
``register_all_modules()`` (which the tools, ``mogaseg.apis`` and the
configs' ``custom_imports`` call) registers everything, and a second call
is harmless."""
import json
import subprocess
import sys
import textwrap
import warnings

import pytest
from mmengine.config import Config
from mmpretrain.apis.model import ModelHub

from mogaseg.apis import list_models
from mogaseg.apis.model_zoo import _add_to_model_hub
from mogaseg.utils import register_all_modules

# Run in a fresh interpreter: pytest's own process has registered everything
# already (conftest.py). Prints one JSON object, one record per step.
_STEPS = textwrap.dedent('''
    import json
    from mmengine.config import Config
    from mmengine.config.utils import MODULE2PACKAGE
    from mmengine.registry import DefaultScope
    from mmengine.runner.checkpoint import CheckpointLoader
    from mmpretrain.apis.model import ModelHub

    def state():
        scope = DefaultScope.get_current_instance()
        return dict(
            schemes={k: f'{v.__module__}.{v.__name__}'
                     for k, v in CheckpointLoader._schemes.items()},
            hub=sorted(ModelHub._models_dict),
            scope=scope and scope.scope_name,
            packages=sorted(MODULE2PACKAGE))

    steps = dict(before=state())
    import mogaseg, mogaseg.models, mogaseg.apis, mogaseg.checkpoint
    import mogaseg.analysis, mogaseg.datasets, mogaseg.deployment
    import mogaseg.engine, mogaseg.errors, mogaseg.utils
    steps['imported'] = state()
    # what mmpretrain's / mmdet's / mmseg's / mmpose's APIs do with a config
    name = mogaseg.apis.list_models(task='mmpretrain')[0]
    Config.fromfile(mogaseg.apis.model_info(name).config)
    steps['config'] = state()
    steps['name'] = name
    from mogaseg.utils import register_all_modules
    register_all_modules()
    steps['registered'] = state()
    register_all_modules()
    steps['twice'] = state()
    print(json.dumps(steps))
''')


@pytest.fixture(scope='module')
def steps(repo_root):
    proc = subprocess.run([sys.executable, '-c', _STEPS],
                          cwd=repo_root,
                          capture_output=True,
                          text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_importing_mogaseg_patches_nothing(steps):
    before, imported = steps['before'], steps['imported']
    assert imported == before
    assert not any('mogaseg' in v for v in imported['schemes'].values())
    assert imported['hub'] == [] and imported['scope'] is None
    assert 'mogaseg' not in imported['packages']


def test_a_config_registers_through_custom_imports(steps):
    """Reading a config imports its ``custom_imports``
    (``mogaseg.utils.register_all``), as every library's API does: our
    loaders and names are registered, the default scope is left to the
    config."""
    config = steps['config']
    for scheme in ('', 'http://', 'https://'):
        assert config['schemes'][scheme].startswith('mogaseg.checkpoint.')
    assert steps['name'] in config['hub']
    assert 'mogaseg' in config['packages']  # mogaseg:: config paths
    assert config['scope'] is None


def test_register_all_modules_sets_everything_once(steps):
    registered, twice = steps['registered'], steps['twice']
    assert registered['schemes'] == steps['config']['schemes']
    assert registered['hub'] == steps['config']['hub']
    assert registered['packages'] == steps['config']['packages']
    assert registered['scope'] == 'mogaseg'
    assert twice == registered
    # MMEngine's other schemes are untouched
    others = {k: v for k, v in steps['before']['schemes'].items()
              if k not in ('', 'http://', 'https://')}
    assert others and all(registered['schemes'][k] == v
                          for k, v in others.items())


def test_the_configs_opt_in_through_custom_imports():
    """Every shipped runtime base imports the registration module (the leaf
    configs inherit it)."""
    for task in ('cls', 'det', 'seg', 'pose'):
        cfg = Config.fromfile(f'configs/_base_/{task}_runtime.py',
                              import_custom_modules=False)
        assert 'mogaseg.utils.register_all' in cfg.custom_imports.imports


def test_mmpretrain_model_hub_still_works_as_mogaseg_uses_it():
    """mogaseg adds its classifiers to ``ModelHub._models_dict``, a private
    table (the public ``register_model_index`` takes a whole index file,
    and ours lists detectors and segmentors too). This fails when
    mmpretrain changes that table or how ``has`` / ``get`` read it."""
    register_all_modules(init_default_scope=False)
    assert isinstance(ModelHub.__dict__.get('_models_dict'), dict), \
        'mmpretrain.apis.model.ModelHub has no _models_dict table anymore: ' \
        'update mogaseg.apis.model_zoo._add_to_model_hub'
    name = list_models(task='mmpretrain')[0]
    assert ModelHub.has(name)
    metainfo = ModelHub.get(name)  # also registers mmpretrain's own models
    assert isinstance(metainfo.config, Config)
    assert metainfo.config.model.backbone.type.startswith('mogaseg.')
    # mmpretrain's own names are still there, next to ours
    assert ModelHub.has('resnet18_8xb32_in1k')
    # our detectors are not mmpretrain models
    assert not any(
        ModelHub.has(n) for n in list_models(task='mmdet'))


def test_a_changed_model_hub_warns_instead_of_failing():

    class ChangedHub:
        """A ModelHub without the table."""

    with pytest.warns(UserWarning, match='_add_to_model_hub'):
        _add_to_model_hub(ChangedHub, {'x': None})

    class Hub:
        _models_dict = {'kept': 'theirs'}

        @classmethod
        def has(cls, name):
            return name in cls._models_dict

    with warnings.catch_warnings():
        warnings.simplefilter('error')
        _add_to_model_hub(Hub, {'kept': 'ours', 'new': 'ours'})
    assert Hub._models_dict == {'kept': 'theirs', 'new': 'ours'}
