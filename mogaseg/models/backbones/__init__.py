from .moganet import MogaNet
from .van import VAN

__all__ = ['MogaNet', 'VAN']
