"""The refactoring of configs/ (issue 25: task bases named for what they
hold, ImageNet dataset bases that inherit one pipeline) changed no config's
meaning: every leaf config under configs/ resolves to the same dict as at
commit 4a7abdd, the last commit before it, whose configs/ is taken from the
repository's own git history.

Only the resolved dict is compared: ``_delete_`` markers and the paths of
the files a config inherits are not part of it, so bases may be renamed,
split or merged. Leaf configs (those outside ``_base_``) keep their names,
since the model index, the docs and other tests name them.
"""
import copy
import functools
import glob
import io
import json
import os
import os.path as osp
import subprocess
import tarfile
import tempfile

import pytest
from mmengine.config import Config
from mmengine.config.utils import _get_package_and_cfg_path
from mmengine.utils import get_installed_path

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
# the last commit before the configs were refactored
REFERENCE_COMMIT = '4a7abdd'
# Top-level keys left out of the comparison: the module that custom_imports
# names is changed on its own (the registration entry point), not by the
# refactoring.
IGNORED_KEYS = ('custom_imports', )


def _leaf_configs(root):
    """Paths relative to ``root`` of the configs that are not bases."""
    return sorted(
        p for p in glob.glob('configs/**/*.py', recursive=True, root_dir=root)
        if '/_base_/' not in p)


def _canonical(value):
    """Plain JSON-able data, keeping tuples apart from lists."""
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return {'<tuple>': [_canonical(v) for v in value]}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def _resolved(path):
    """The config's resolved dict, serialised deterministically."""
    cfg = Config.fromfile(
        path, import_custom_modules=False, format_python_code=False)
    resolved = {
        k: v
        for k, v in cfg.to_dict().items() if k not in IGNORED_KEYS
    }
    return json.dumps(_canonical(resolved), sort_keys=True, default=repr)


@pytest.fixture(scope='module', autouse=True)
def fast_config_loading():
    """Load ~400 configs in seconds, not minutes, with the same results.

    mmengine resolves a ``package::path`` base by reading the package's
    whole model index (hundreds of YAML files) and, as no entry matches
    a path with its ``.py``, falls back to ``<package>/.mim/configs/path``:
    that file is taken directly (and each lookup done once). mmengine also
    writes every config it parses to a temporary file: on a disk that is
    slow, so the temporary files go to memory where /dev/shm exists. And
    a base that many configs inherit is parsed once (and copied for each).
    """
    lookup = Config._get_cfg_path
    parse = Config._file2dict

    @functools.lru_cache(maxsize=None)
    def external(cfg_path):
        package, relative = _get_package_and_cfg_path(cfg_path)
        path = osp.join(
            get_installed_path(package), '.mim', 'configs', relative)
        if osp.isfile(path):
            return path, cfg_path.partition('::')[0]
        return lookup(cfg_path, '')

    def cached(cfg_path, filename):
        if '::' in cfg_path:
            return external(cfg_path)
        return lookup(cfg_path, filename)

    @functools.lru_cache(maxsize=None)
    def parse_once(*args, **kwargs):
        return parse(*args, **kwargs)

    def parse_cached(*args, **kwargs):
        return copy.deepcopy(parse_once(*args, **kwargs))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Config, '_get_cfg_path', staticmethod(cached))
        mp.setattr(Config, '_file2dict', staticmethod(parse_cached))
        if osp.isdir('/dev/shm') and os.access('/dev/shm', os.W_OK):
            mp.setattr(tempfile, 'tempdir', '/dev/shm')
        yield


@pytest.fixture(scope='module')
def reference_root():
    """A clean copy of configs/ at the reference commit."""
    with tempfile.TemporaryDirectory(
            prefix='configs_at_' + REFERENCE_COMMIT) as root:
        _extract_reference(root)
        yield root


def _extract_reference(root):
    try:
        archive = subprocess.run(
            ['git', '-C', ROOT, 'archive', '--format=tar',
             REFERENCE_COMMIT, 'configs'],
            check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, 'stderr', b'') or b''
        pytest.fail(
            f'cannot read configs/ at commit {REFERENCE_COMMIT} from the '
            f'git history of {ROOT} (this test needs the repository with '
            f'its history, not an export): {e} '
            f'{detail.decode(errors="replace").strip()}', pytrace=False)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter='data')


def test_leaf_configs_keep_their_names(reference_root):
    before = set(_leaf_configs(reference_root))
    after = set(_leaf_configs(ROOT))
    assert before == after, (
        f'leaf configs renamed or removed since {REFERENCE_COMMIT}: '
        f'{sorted(before - after)}; new: {sorted(after - before)}')


def test_resolved_configs_unchanged(reference_root):
    paths = sorted(
        set(_leaf_configs(reference_root)) & set(_leaf_configs(ROOT)))
    assert len(paths) > 100
    differ, broken = [], []
    for path in paths:
        before = _resolved(osp.join(reference_root, path))
        try:
            after = _resolved(osp.join(ROOT, path))
        except Exception as e:  # noqa: BLE001 -- report every config
            broken.append(f'{path}: {type(e).__name__}: {e}')
            continue
        if before != after:
            old, new = json.loads(before), json.loads(after)
            keys = sorted(
                k for k in old.keys() | new.keys()
                if old.get(k) != new.get(k))
            differ.append(f'{path} (top-level keys: {", ".join(keys)})')
    assert not broken, 'configs that no longer load:\n' + '\n'.join(broken)
    assert not differ, (
        f'configs whose resolved dict differs from {REFERENCE_COMMIT}:\n' +
        '\n'.join(differ))
