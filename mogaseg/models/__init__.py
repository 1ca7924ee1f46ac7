from .backbones import *  # noqa: F401,F403 (registers the backbones)
from .backbones import __all__ as _backbones
from .deploy import switch_to_deploy
from .video import SimVP

__all__ = [*_backbones, 'SimVP', 'switch_to_deploy']
