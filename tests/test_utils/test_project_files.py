"""The project files (configs, tools, demos, the model index) come from the
source checkout where mogaseg is imported from one, else from the
package's ``.mim`` copies (tests/test_packaging); ``python -m mogaseg``
runs the tools of either."""
import os.path as osp
import subprocess
import sys

import pytest

import mogaseg
from mogaseg.__main__ import list_scripts, script_path
from mogaseg.apis import model_zoo
from mogaseg.utils import project_files


def test_a_checkout_takes_precedence(repo_root):
    assert osp.dirname(osp.abspath(mogaseg.__file__)) == \
        osp.join(repo_root, 'mogaseg')
    assert project_files.source_checkout() == repo_root
    assert project_files.project_root() == repo_root
    assert model_zoo.MODEL_INDEX == osp.join(repo_root, 'model-index.yml')


def test_an_installed_package_reads_its_mim_copies(monkeypatch, tmp_path):
    package = tmp_path / 'site' / 'mogaseg'
    package.mkdir(parents=True)
    monkeypatch.setattr(project_files, 'PACKAGE_DIR', str(package))
    assert project_files.source_checkout() is None
    assert project_files.project_path('configs') == \
        str(package / '.mim' / 'configs')


def test_python_m_mogaseg_names_the_scripts(repo_root):
    names = list_scripts()
    assert {'train', 'test', 'run_demo', 'analysis/get_flops',
            'demo/image_demo'} <= set(names)
    assert script_path('train') == osp.join(repo_root, 'tools', 'train.py')
    assert script_path('analysis/get_flops.py') == \
        osp.join(repo_root, 'tools', 'analysis', 'get_flops.py')
    assert script_path('demo/image_demo') == \
        osp.join(repo_root, 'demo', 'image_demo.py')


def test_python_m_mogaseg_runs_a_script_with_its_arguments():
    proc = subprocess.run(
        [sys.executable, '-m', 'mogaseg', 'misc/model_zoo', '--help'],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith('usage: model_zoo.py')
    proc = subprocess.run(
        [sys.executable, '-m', 'mogaseg', 'no_such_tool'],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "no script 'no_such_tool'" in proc.stderr


def test_no_test_fixture_is_git_ignored(repo_root):
    """A fixture that .gitignore hides passes here and is missing from
    every clone."""
    if not osp.isdir(osp.join(repo_root, '.git')) and \
            not osp.isfile(osp.join(repo_root, '.git')):
        pytest.skip('not a git checkout')
    proc = subprocess.run(
        ['git', 'ls-files', '--others', '--ignored', '--exclude-standard',
         '--', 'tests/data'],
        cwd=repo_root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == []
