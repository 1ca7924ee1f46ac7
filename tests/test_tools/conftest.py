import os.path as osp
import subprocess
import sys

import pytest


LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


@pytest.fixture
def loader_options():
    """``--cfg-options`` that point every dataloader at ``root``, in this
    process (no workers), with ``KEY=VALUE`` settings of their own
    (``{root}`` in a value is filled in)."""

    def options(root, **dataset_and_loader):
        result = []
        for loader in LOADERS:
            result += [
                f'{loader}.dataset.data_root={root}',
                f'{loader}.num_workers=0',
                f'{loader}.persistent_workers=False',
            ]
            for key, value in dataset_and_loader.items():
                result.append(f'{loader}.{key}={value}'.format(root=root))
        return result

    return options


@pytest.fixture
def run_tool(repo_root):
    """Run ``tools/SCRIPT`` in a subprocess from the repository root, as a
    user would; return the process and its stdout + stderr."""

    def run(script, *args, timeout=600):
        proc = subprocess.run(
            [sys.executable, osp.join(repo_root, 'tools', script), *args],
            cwd=repo_root,
            capture_output=True,
            text=True,
            timeout=timeout)
        return proc, proc.stdout + proc.stderr

    return run
