"""``mogaseg::`` config paths, as MMEngine's ``mmdet::`` ones.

``mogaseg::moganet/moganet-tiny_8xb128_in1k.py`` names a config shipped
with mogaseg, in ``mmengine.hub.get_config``, in a user's ``_base_`` and in
mogaseg's own tools and APIs. MMEngine resolves such a path (in the
package's ``.mim/configs``) only for the packages of a fixed table, which
:func:`register_config_package` extends; :func:`mogaseg.utils.
register_all_modules` calls it.
"""
import warnings

from mmengine.config import Config

from .project_files import project_path

PREFIX = 'mogaseg::'


def register_config_package() -> None:
    """Let MMEngine resolve ``mogaseg::`` config paths.

    The one place that touches MMEngine's internals for it: MMEngine
    accepts ``PACKAGE::PATH`` only for the modules of its fixed table
    ``mmengine.config.utils.MODULE2PACKAGE`` (module: distribution name),
    which has no public way to add to it; its registries read the same
    dict. ``tests/test_utils/test_package_configs.py`` checks this against
    the installed MMEngine, and fails when it changes. A second call adds
    nothing.
    """
    from mmengine.config import utils as config_utils
    table = getattr(config_utils, 'MODULE2PACKAGE', None)
    if not isinstance(table, dict):
        # Everything else works with configs/ paths: warn, do not stop.
        warnings.warn(
            'this MMEngine has no mmengine.config.utils.MODULE2PACKAGE '
            'table: mogaseg:: config paths will not resolve (file paths '
            'do); update mogaseg.utils.package_configs.'
            'register_config_package')
        return
    table.setdefault('mogaseg', 'mogaseg')


def config_file(path: str) -> str:
    """A config argument as a file: ``mogaseg::REL`` is ``configs/REL``
    of this copy of mogaseg (its checkout, else its package), anything else
    is a path as it is."""
    if path.startswith(PREFIX):
        return project_path('configs', path[len(PREFIX):])
    return path


def load_config_file(path: str, **kwargs) -> Config:
    """``Config.fromfile`` of :func:`config_file` (``path``), with the
    scope markers of ``mogaseg::`` bases removed (see
    :func:`drop_package_scope`)."""
    cfg = Config.fromfile(config_file(path), **kwargs)
    drop_package_scope(cfg)
    return cfg


def drop_package_scope(cfg: Config) -> Config:
    """Remove the ``_scope_='mogaseg'`` that MMEngine writes into every
    ``type`` dict inherited from a ``mogaseg::`` base.

    MMEngine assumes a package's configs name the package's own modules,
    so it builds them in the package's scope. Ours run in their task
    library's scope (their ``default_scope``: mmpretrain, mmdet, mmseg,
    mmpose) and name our modules with the ``mogaseg.`` prefix; in scope
    ``mogaseg`` the libraries' classifiers, datasets and hooks are not
    found. Without the marker the inherited dicts build as they do in the
    base config itself. Changes ``cfg`` in place and returns it.
    """
    for key in list(cfg.keys()):
        _drop_scope(cfg[key])
    return cfg


def _drop_scope(node) -> None:
    if isinstance(node, dict):
        if node.get('_scope_') == 'mogaseg':
            del node['_scope_']
        for value in node.values():
            _drop_scope(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _drop_scope(value)
