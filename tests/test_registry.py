import pytest
import torch


@pytest.mark.parametrize('scope_registry', [
    'mmpretrain.registry', 'mmdet.registry', 'mmseg.registry'
])
def test_scoped_backbone_builds_from_every_task_scope(scope_registry):
    import importlib

    from mmengine.registry import DefaultScope
    registry = importlib.import_module(scope_registry).MODELS
    name = f'test_{scope_registry}'
    with DefaultScope.overwrite_default_scope(registry.scope):
        model = registry.build(
            dict(type='mogaseg.MogaNet', arch='xtiny', out_indices=(0, 3)))
    from mogaseg.models import MogaNet
    assert isinstance(model, MogaNet), name
    outs = model.eval()(torch.rand(1, 3, 64, 64))
    assert [o.shape[1] for o in outs] == [32, 192]


def test_mogaseg_registries_are_children_of_mmengine_roots():
    from mmengine.registry import HOOKS as ROOT_HOOKS
    from mmengine.registry import MODELS as ROOT_MODELS

    from mogaseg.registry import HOOKS, MODELS
    assert MODELS.scope == HOOKS.scope == 'mogaseg'
    assert ROOT_MODELS.children['mogaseg'] is MODELS
    assert ROOT_HOOKS.children['mogaseg'] is HOOKS
    assert MODELS.get('MogaNet') is not None
    assert HOOKS.get('WeightsOnlyCheckpointHook') is not None


def test_version():
    import mogaseg
    assert isinstance(mogaseg.__version__, str)
    assert mogaseg.version_info[:2] == tuple(
        int(x) for x in mogaseg.__version__.split('.')[:2])
