"""Read each task library's model index once per test process.

MMEngine resolves a ``mmdet::`` / ``mmseg::`` base of a config by reading
that package's whole model index (about a hundred YAML files, 0.35 s) on
every lookup, for every config it loads; many of our configs have two such
bases, and the suite loads configs hundreds of times. The files do not
change while the tests run, so the lookup's outcome (a metafile entry, or
the ValueError after which MMEngine falls back to
``<package>/.mim/configs``) is kept per package and path.
"""
import copy
import functools

import mmengine.config.utils as config_utils


def _remembered(lookup):
    outcomes = {}

    @functools.wraps(lookup)
    def remembered(package_path: str, cfg_path: str) -> dict:
        key = (package_path, cfg_path)
        if key not in outcomes:
            try:
                outcomes[key] = (lookup(package_path, cfg_path), None)
            except ValueError as error:
                # its message only: a kept exception would keep its
                # traceback's frames (and their models) alive, and grow
                # that traceback on every raise
                outcomes[key] = (None, error.args)
        entry, error_args = outcomes[key]
        if error_args is not None:
            raise ValueError(*error_args)
        return copy.deepcopy(entry)

    remembered.uncached = lookup
    return remembered


def read_package_indexes_once() -> None:
    """Remember MMEngine's model-index lookups in this process (again
    calls are no-ops)."""
    lookup = config_utils._get_cfg_metainfo
    if not hasattr(lookup, 'uncached'):
        config_utils._get_cfg_metainfo = _remembered(lookup)
