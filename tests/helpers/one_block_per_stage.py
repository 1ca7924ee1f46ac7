"""Cut a config's backbone to one block per stage, widths unchanged: the
necks and heads of the config still fit, while a 750M-parameter model
costs what a small one does. For tests of a config's wiring (library entry
points, heads, pipelines), not of its depth."""
import copy
import inspect

from mmengine.config import Config


def cut_to_one_block_per_stage(config: Config) -> dict:
    """Give the config's backbone one block per stage, as an explicit arch
    dict with the widths of its named arch, in place; return the backbone
    overrides (for mmpretrain's ``get_model`` keyword arguments)."""
    import mogaseg.models  # noqa: F401 (registers the backbones)
    from mogaseg.registry import MODELS
    backbone = config.model.backbone
    cls = MODELS.get(backbone.type.split('.', 1)[-1])
    arch = backbone.get('arch')
    if arch is None:  # the default of the first __init__ that names one
        arch = next(
            inspect.signature(klass.__init__).parameters['arch'].default
            for klass in cls.__mro__
            if 'arch' in inspect.signature(klass.__init__).parameters)
    if isinstance(arch, str):
        arch = cls.arch_zoo[arch.lower()]
    arch = dict(copy.deepcopy(arch), depths=[1] * len(arch['depths']))
    backbone.arch = arch
    # mmpretrain's get_model merges its keyword arguments into the model
    # config, where the arch may be a name: replace it
    return dict(arch=dict(arch, _delete_=True))


def load_with_one_block_per_stage(path: str) -> Config:
    """A config file, its backbone cut to one block per stage."""
    config = Config.fromfile(path)
    cut_to_one_block_per_stage(config)
    return config
