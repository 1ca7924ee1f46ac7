"""Where mogaseg's project files are: ``configs/``, ``tools/``, ``demo/``
and ``model-index.yml``.

A source checkout has them beside the package. A built wheel carries copies
in the package's ``.mim`` folder (``mogaseg/.mim/configs`` ...), where the
OpenMMLab packages keep theirs and where mim and MMEngine's ``mogaseg::``
config paths look for them; an editable install links them there. The
checkout wins where there is one, so that the files one edits are the files
used.
"""
import os.path as osp
from typing import Optional

# The folder of the ``mogaseg`` package.
PACKAGE_DIR = osp.dirname(osp.dirname(osp.abspath(__file__)))
# What the wheel carries in PACKAGE_DIR/.mim (setup.py copies these names).
PROJECT_FILES = ('configs', 'tools', 'demo', 'model-index.yml')


def source_checkout() -> Optional[str]:
    """The source checkout this copy of mogaseg is imported from, or None
    for an installed package."""
    root = osp.dirname(PACKAGE_DIR)
    if osp.isfile(osp.join(root, 'setup.py')) and \
            osp.isfile(osp.join(root, 'model-index.yml')):
        return root
    return None


def project_root() -> str:
    """The folder that holds ``configs/``, ``tools/``, ``demo/`` and
    ``model-index.yml``: the source checkout, else the installed package's
    ``.mim`` folder."""
    return source_checkout() or osp.join(PACKAGE_DIR, '.mim')


def project_path(*parts: str) -> str:
    """A path under :func:`project_root`, e.g.
    ``project_path('configs', 'moganet', 'moganet-tiny_8xb128_in1k.py')``.
    """
    return osp.join(project_root(), *parts)
