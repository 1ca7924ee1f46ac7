"""Run one of mogaseg's tool or demo scripts, wherever mogaseg is installed::

    python -m mogaseg                           # list the scripts
    python -m mogaseg train CONFIG [ARGS]       # tools/train.py
    python -m mogaseg analysis/get_flops CONFIG # tools/analysis/get_flops.py
    python -m mogaseg demo/image_demo IMAGE CONFIG CHECKPOINT

The scripts are those of the source checkout, else the copies that the
wheel carries in ``mogaseg/.mim`` (see :mod:`mogaseg.utils.project_files`);
a shipped config can be named ``mogaseg::moganet/NAME.py``.
"""
import os
import os.path as osp
import runpy
import sys
from typing import List

from mogaseg.utils.project_files import project_path


def list_scripts() -> List[str]:
    """The names this command takes: tools/ scripts without the folder,
    demo/ ones with it."""
    names = []
    for folder, prefix in (('tools', ''), ('demo', 'demo/')):
        top = project_path(folder)
        for root, _, files in os.walk(top):
            rel = osp.relpath(root, top)
            for name in files:
                if name.endswith('.py'):
                    path = osp.normpath(osp.join(rel, name[:-3]))
                    names.append(prefix + path.replace(os.sep, '/'))
    return sorted(names)


def script_path(name: str) -> str:
    """``train`` -> ``tools/train.py``, ``demo/image_demo`` ->
    ``demo/image_demo.py``, under the project root."""
    name = name[:-3] if name.endswith('.py') else name
    folder = '' if name.startswith('demo/') else 'tools'
    return project_path(folder, *f'{name}.py'.split('/'))


def main(argv: List[str]) -> None:
    if not argv or argv[0] in ('-h', '--help'):
        print(__doc__ + '\nScripts: ' + ', '.join(list_scripts()))
        return
    path = script_path(argv[0])
    if not osp.isfile(path):
        sys.exit(f'error: no script {argv[0]!r} ({path}); one of: '
                 + ', '.join(list_scripts()))
    # As `python PATH ARGS` would run it: its folder first on sys.path.
    sys.argv = [path, *argv[1:]]
    sys.path.insert(0, osp.dirname(path))
    runpy.run_path(path, run_name='__main__')


if __name__ == '__main__':
    main(sys.argv[1:])
