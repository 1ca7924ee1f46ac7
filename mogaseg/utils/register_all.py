"""Importing this module calls :func:`mogaseg.utils.register_all_modules`
(without touching the default scope).

It is the explicit opt-in for configs, whose ``custom_imports`` can only
import a module::

    custom_imports = dict(
        imports=['mogaseg.utils.register_all'], allow_failed_imports=False)

The task libraries' entry points (``mmpretrain.get_model`` and its
inferencers, ``mmdet.apis.init_detector``, ``mmseg.apis.init_model``,
``mmpose.apis.init_model``, MMEngine's ``Runner``) import a config's
``custom_imports`` and nothing else of ours, so this is how a config that
names ``mogaseg.MogaNet`` gets our backbones, safe checkpoint loaders and
model names in those libraries. Code of your own can call
:func:`~mogaseg.utils.register_all_modules` instead.
"""
from .setup_env import register_all_modules

register_all_modules(init_default_scope=False)
