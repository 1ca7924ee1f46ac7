from .focalnet import FocalNet
from .moat import MOAT
from .moganet import MogaNet
from .van import VAN

__all__ = ['FocalNet', 'MOAT', 'MogaNet', 'VAN']
