import os.path as osp
import subprocess
import sys

import pytest


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
