from .backbones import *  # noqa: F401,F403 (registers the backbones)
from .backbones import __all__ as _backbones
from .deploy import switch_to_deploy

__all__ = [*_backbones, 'switch_to_deploy']
