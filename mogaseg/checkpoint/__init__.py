"""Checkpoints: safe reading, the releases' layouts, and loads that say
what they loaded. :func:`register_safe_loaders` (called by
:func:`mogaseg.utils.register_all_modules`) makes MMEngine's loaders the
safe ones; importing this package changes nothing in MMEngine."""
from .fit import CheckpointMismatchError, register_fit_checks
from .loading import load_weights, model_fit
from .file_kinds import check_checkpoint_file
from .schemes import (CheckpointNotFoundError, CheckpointReadError,
                      cached_download, register_safe_loaders)
from .reading import UnsafeCheckpointError, read_checkpoint
from .release_formats import guess_family, normalize_checkpoint

__all__ = [
    'CheckpointMismatchError', 'CheckpointNotFoundError',
    'CheckpointReadError', 'UnsafeCheckpointError', 'cached_download',
    'check_checkpoint_file', 'guess_family', 'load_weights',
    'model_fit',
    'normalize_checkpoint', 'read_checkpoint', 'register_fit_checks',
    'register_safe_loaders'
]
