"""``mogaseg.errors``: one ``UserError`` base at the bottom layer, which the
tools report in one line; every error keeps its built-in base and its old
import path."""
import ast
import glob
import os.path as osp
import pickle
import sys

import pytest

import mogaseg.errors as errors
from mogaseg.engine import exit_on_user_errors
from mogaseg.errors import UserError

# error -> (the built-in base it keeps, its old import path(s))
ERRORS = {
    'ConfigError': (ValueError, ['mogaseg.engine', 'mogaseg.engine.checks']),
    'CheckpointMismatchError': (RuntimeError, ['mogaseg.checkpoint',
                                               'mogaseg.checkpoint.fit',
                                               'mogaseg.engine']),
    'CheckpointNotFoundError': (FileNotFoundError, [
        'mogaseg.checkpoint', 'mogaseg.checkpoint.schemes', 'mogaseg.engine'
    ]),
    'UnsafeCheckpointError': (pickle.UnpicklingError, [
        'mogaseg.checkpoint', 'mogaseg.checkpoint.reading', 'mogaseg.engine'
    ]),
    'TFCheckpointError': (ValueError, ['mogaseg.checkpoint.tf_bundle']),
    'UnreadableImageError': (RuntimeError, ['mogaseg.datasets',
                                            'mogaseg.datasets.transforms']),
    'LabelOutOfRangeError': (ValueError, ['mogaseg.engine.hooks']),
    'NonFiniteLossError': (RuntimeError, ['mogaseg.engine.hooks']),
}
PACKAGE = osp.dirname(osp.abspath(errors.__file__))


@pytest.mark.parametrize('name', sorted(ERRORS))
def test_each_error_is_a_user_error_and_keeps_its_base(name):
    builtin, old_homes = ERRORS[name]
    error = getattr(errors, name)
    assert issubclass(error, UserError) and issubclass(error, builtin)
    assert name in errors.__all__
    for home in old_homes:
        __import__(home)
        assert getattr(sys.modules[home], name) is error, home
    # it travels from a DataLoader worker as it is
    again = pickle.loads(pickle.dumps(error('what to change')))
    assert type(again) is error and str(again) == 'what to change'


def test_errors_module_imports_only_the_standard_library():
    tree = ast.parse(open(osp.join(PACKAGE, 'errors.py')).read())
    imported = {alias.name.split('.')[0]
                for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split('.')[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported <= set(sys.stdlib_module_names), imported


def _imports(path):
    """(module, names) of every ``from module import names`` in a file."""
    tree = ast.parse(open(path).read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [a.name for a in node.names]


def test_no_module_imports_the_engine_for_an_exception():
    """The layers below the tools get their errors from mogaseg.errors."""
    error_names = set(errors.__all__)
    offenders = []
    for package in ('analysis', 'apis', 'checkpoint', 'datasets',
                    'deployment', 'models'):
        for path in glob.glob(osp.join(PACKAGE, package, '**', '*.py'),
                              recursive=True):
            for module, names in _imports(path):
                if module.startswith('mogaseg.engine') and \
                        error_names & set(names):
                    offenders.append(f'{osp.relpath(path, PACKAGE)}: '
                                     f'from {module} import {names}')
    assert not offenders, '\n'.join(offenders)


def test_tools_exit_with_one_line_on_any_user_error():

    class NewError(UserError, KeyError):
        """A project error added later: no list to extend."""

    for error in (NewError('say what to change'),
                  errors.CheckpointNotFoundError('say what to change')):
        with pytest.raises(SystemExit) as exit_:
            with exit_on_user_errors():
                raise error
        assert exit_.value.code == 'error: say what to change'


def test_other_errors_keep_their_traceback():
    with pytest.raises(ValueError, match='a bug'):
        with exit_on_user_errors():
            raise ValueError('a bug')
    with pytest.raises(KeyError, match='a bug'):
        with exit_on_user_errors():
            raise KeyError('a bug')
