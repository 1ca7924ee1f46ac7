from .backbones import *  # noqa: F401,F403 (registers the backbones)
from .backbones import __all__ as _backbones

__all__ = list(_backbones)
