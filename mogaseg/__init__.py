"""mogaseg: gated-aggregation vision backbones for MMEngine-based training."""
from .version import __version__, version_info

__all__ = ['__version__', 'version_info']
