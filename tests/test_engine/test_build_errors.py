import pytest
from mmengine.registry import DefaultScope

from mogaseg.engine import explain_build_error


def _build_error(cfg):
    from mmpretrain.registry import MODELS
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        with pytest.raises((KeyError, TypeError)) as err:
            MODELS.build(cfg)
    return err.value


@pytest.mark.parametrize('name', ['mogaseg.MogaNett', 'MogaNet'])
def test_unknown_type_suggests_registered_names(name):
    message = explain_build_error(_build_error(dict(type=name)))
    assert f"unknown type {name!r}" in message
    assert "Did you mean 'mogaseg.MogaNet'" in message


def test_unknown_argument_suggests_the_parameter():
    message = explain_build_error(
        _build_error(dict(type='mogaseg.MogaNet', archh='tiny')))
    assert "MogaNet takes no argument 'archh'" in message
    assert "Did you mean 'arch'?" in message and 'out_indices' in message


def test_other_errors_are_left_alone():
    assert explain_build_error(KeyError('some_key')) is None
    assert explain_build_error(TypeError('unsupported operand')) is None

