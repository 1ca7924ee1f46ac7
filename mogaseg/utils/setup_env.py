"""Register mogaseg with MMEngine and the OpenMMLab task libraries.

Importing ``mogaseg`` or any of its subpackages changes nothing outside the
package. Everything that reaches into another library is done here, when
:func:`register_all_modules` is called:

- the modules that register into mogaseg's registries are imported
  (backbones, necks, heads and the video predictor; hooks and optimizer
  wrapper constructors; data transforms and the video datasets; the video
  prediction metric);
- MMEngine's checkpoint loader reads local files and http(s) URLs through
  mogaseg's weights-only, release-aware loaders
  (:func:`mogaseg.checkpoint.register_safe_loaders`), and every load into
  one of our backbones reports or refuses what it loads
  (:func:`mogaseg.checkpoint.register_fit_checks`);
- mmpretrain's ``ModelHub`` learns the names of our published classifiers,
  so that ``mmpretrain.get_model`` / ``list_models`` and its inferencers
  find them (:func:`mogaseg.apis.register_with_mmpretrain`);
- MMEngine resolves ``mogaseg::`` config paths (``mmengine.hub.get_config``,
  a ``_base_``) in the package's ``.mim/configs``, as it does ``mmdet::``
  ones (:func:`mogaseg.utils.package_configs.register_config_package`).

The tools and the public functions of :mod:`mogaseg.apis` call it
themselves. A config reaches it through
``custom_imports = dict(imports=['mogaseg.utils.register_all'])``
(:mod:`mogaseg.utils.register_all`), since the task libraries' own entry
points (``mmpretrain.get_model``, ``mmdet.apis.init_detector``,
``mmseg.apis.init_model``, ``mmpose.apis.init_model``) run a config's
``custom_imports`` and nothing else of ours. A script that uses those
entry points with our models' *names* (``mmpretrain.get_model(
'moganet-tiny_8xb128_in1k')``) calls it first, because the name is looked
up before any config is read.
"""

_registered = False


def register_all_modules(init_default_scope: bool = True) -> None:
    """Register mogaseg's modules, checkpoint loaders and model names.

    Safe to call any number of times: the registration is done by the first
    call, later calls only set the default scope if asked to.

    Args:
        init_default_scope (bool): Make ``mogaseg`` the current default
            scope of MMEngine's registries (as
            ``mmengine.registry.init_default_scope`` does), so that
            ``MODELS.build(dict(type='MogaNet'))`` finds our backbones
            without the ``mogaseg.`` prefix. Pass False where a config's
            ``default_scope`` (mmpretrain, mmdet, mmseg, mmpose) decides,
            as the tools and :mod:`mogaseg.apis` do. Defaults to True, as
            mmdet's and mmpretrain's ``register_all_modules``.
    """
    global _registered
    if not _registered:
        import mogaseg.datasets  # noqa: F401 (TRANSFORMS, DATASETS)
        import mogaseg.engine  # noqa: F401 (HOOKS, optimizer wrappers)
        import mogaseg.evaluation  # noqa: F401 (METRICS)
        import mogaseg.models  # noqa: F401 (MODELS)
        from mogaseg.apis.model_zoo import register_with_mmpretrain
        from mogaseg.checkpoint import (register_fit_checks,
                                        register_safe_loaders)
        from .package_configs import register_config_package

        register_safe_loaders()
        register_fit_checks()
        register_with_mmpretrain()
        register_config_package()
        _registered = True

    if init_default_scope:
        from mmengine.registry import init_default_scope as init_scope
        init_scope('mogaseg')
