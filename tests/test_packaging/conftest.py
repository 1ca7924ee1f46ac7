"""A wheel of this checkout, built once and installed outside it: what a
user gets from ``pip install mogaseg``, shared by the packaging tests."""
import glob
import os
import os.path as osp
import subprocess
import sys
from typing import NamedTuple

import pytest
import yaml


class Installed(NamedTuple):
    sdist: str
    wheel: str  # built from the sdist
    site: str  # where `pip install --target` put the wheel
    outside: str  # an empty folder outside the checkout, the runs' cwd


def _check(cmd, **kwargs):
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=300, **kwargs)
    assert proc.returncode == 0, \
        ' '.join(cmd) + '\n' + (proc.stdout + proc.stderr)[-3000:]


def _only(pattern):
    found = glob.glob(pattern)
    assert len(found) == 1, (pattern, found)
    return found[0]


@pytest.fixture(scope='session')
def installed_wheel(repo_root, tmp_path_factory):
    """Build the sdist, then the wheel from it (as ``python -m build`` does,
    so that a file MANIFEST.in leaves out fails here), and install the
    wheel with ``pip install --no-deps --target``."""
    dist = str(tmp_path_factory.mktemp('dist'))
    # egg_info into dist/, leaving the checkout as it is
    _check([
        sys.executable, 'setup.py', '-q', 'egg_info', '--egg-base', dist,
        'sdist', '--dist-dir', dist
    ], cwd=repo_root)
    sdist = _only(osp.join(dist, 'mogaseg-*.tar.gz'))
    _check([
        sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps',
        '--no-build-isolation', '-w', dist, sdist
    ])
    wheel = _only(osp.join(dist, 'mogaseg-*.whl'))
    site = str(tmp_path_factory.mktemp('site'))
    _check([
        sys.executable, '-m', 'pip', 'install', '-q', '--no-deps',
        '--target', site, wheel
    ])
    return Installed(sdist, wheel, site,
                     str(tmp_path_factory.mktemp('outside')))


@pytest.fixture(scope='session')
def run_installed(installed_wheel):
    """Run a command as a user of the installed wheel: from a folder
    outside the checkout, with the wheel, not the checkout, on the path
    (``PYTHONPATH`` comes before an editable install's finder); return the
    process and its stdout + stderr."""

    def run(*cmd, site=installed_wheel.site, timeout=300):
        env = dict(os.environ, PYTHONPATH=site)
        proc = subprocess.run(
            list(cmd),
            cwd=installed_wheel.outside,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout)
        return proc, proc.stdout + proc.stderr

    return run


@pytest.fixture(scope='session')
def index_rows(repo_root):
    """The model names of the checkout's index, read with plain yaml."""
    with open(osp.join(repo_root, 'model-index.yml')) as f:
        index = yaml.safe_load(f)
    names = []
    for path in index['Import']:
        with open(osp.join(repo_root, path)) as f:
            names += [m['Name'] for m in yaml.safe_load(f)['Models']]
    return names
