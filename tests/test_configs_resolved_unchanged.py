"""The refactoring of configs/ (issue 25: task bases named for what they
hold, ImageNet dataset bases that inherit one pipeline) changed no config's
meaning: every leaf config under configs/ resolves to the same dict as at
commit 4a7abdd, the last commit before it.

The comparison is with ``tests/data/configs_resolved_at_4a7abdd.json``:
the SHA-256 of each leaf config's resolved dict at that commit, written by
``python tests/test_configs_resolved_unchanged.py 4a7abdd`` from the
repository's git history (so the test needs no history itself, and runs in
a shallow clone). Where the history is there, a failure also names the
top-level keys that differ.

Only the resolved dict is compared: ``_delete_`` markers and the paths of
the files a config inherits are not part of it, so bases may be renamed,
split or merged. Leaf configs (those outside ``_base_``) keep their names,
since the model index, the docs and other tests name them. A leaf config
added or renamed since (a new row of the index, or a name that no longer
says what the config runs) is recorded with its digest by the commit that
adds it, whose message says why.
"""
import copy
import functools
import glob
import hashlib
import io
import json
import os
import os.path as osp
import subprocess
import sys
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
DIGESTS = osp.join(ROOT, 'tests', 'data',
                   f'configs_resolved_at_{REFERENCE_COMMIT}.json')


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


def _digest(resolved: str) -> str:
    return hashlib.sha256(resolved.encode()).hexdigest()


def _reference_digests() -> dict:
    with open(DIGESTS) as f:
        return json.load(f)


def _extract_reference(root, commit=REFERENCE_COMMIT) -> bool:
    """``configs/`` at ``commit`` into ``root``; False without the git
    history."""
    try:
        archive = subprocess.run(
            ['git', '-C', ROOT, 'archive', '--format=tar', commit, 'configs'],
            check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return False
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root, filter='data')
    return True


def _changed_keys(path: str, after: str) -> str:
    """The top-level keys of ``path`` that differ from the reference
    commit's, where the git history is there to tell."""
    with tempfile.TemporaryDirectory() as root:
        if not _extract_reference(root):
            return 'no git history here to name the keys'
        old = json.loads(_resolved(osp.join(root, path)))
    new = json.loads(after)
    keys = sorted(k for k in old.keys() | new.keys()
                  if old.get(k) != new.get(k))
    return 'top-level keys: ' + ', '.join(keys)


def test_leaf_configs_keep_their_names():
    before = set(_reference_digests())
    after = set(_leaf_configs(ROOT))
    assert before == after, (
        f'leaf configs renamed or removed since {REFERENCE_COMMIT}: '
        f'{sorted(before - after)}; new: {sorted(after - before)}')


def test_resolved_configs_unchanged():
    reference = _reference_digests()
    paths = sorted(set(reference) & set(_leaf_configs(ROOT)))
    assert len(paths) > 100
    differ, broken = [], []
    for path in paths:
        try:
            after = _resolved(osp.join(ROOT, path))
        except Exception as e:  # noqa: BLE001 -- report every config
            broken.append(f'{path}: {type(e).__name__}: {e}')
            continue
        if _digest(after) != reference[path]:
            differ.append(f'{path} ({_changed_keys(path, after)})')
    assert not broken, 'configs that no longer load:\n' + '\n'.join(broken)
    assert not differ, (
        f'configs whose resolved dict differs from {REFERENCE_COMMIT}:\n' +
        '\n'.join(differ))


if __name__ == '__main__':
    # python tests/test_configs_resolved_unchanged.py COMMIT: write the
    # digests of the leaf configs at COMMIT (from the git history)
    commit = sys.argv[1]
    with tempfile.TemporaryDirectory() as root:
        assert _extract_reference(root, commit), f'no commit {commit} here'
        digests = {
            path: _digest(_resolved(osp.join(root, path)))
            for path in _leaf_configs(root)
        }
    out = osp.join(ROOT, 'tests', 'data', f'configs_resolved_at_{commit}.json')
    with open(out, 'w') as f:
        json.dump(digests, f, indent=1, sort_keys=True)
        f.write('\n')
    print(f'{len(digests)} digests written to {out}')
