"""MMEngine's checkpoint loaders, made safe and release-aware.

MMEngine loads ``load_from``, ``resume`` and ``init_cfg=dict(type=
'Pretrained')`` files, and the task libraries' ``init_*`` APIs their
checkpoints, through :class:`~mmengine.runner.CheckpointLoader`. Its local
loader relies on ``torch.load``'s default and its URL loader on
``torch.hub``'s, which unpickle anything. :func:`register_safe_loaders`
replaces both: files are read weights-only
(:func:`~mogaseg.checkpoint.reading.read_checkpoint`), URLs are cached in
torch's hub directory, one file per URL and only once whole
(:mod:`.download`), and a release's own layout is converted on load
(:func:`~mogaseg.checkpoint.release_formats.normalize_checkpoint`);
TensorFlow checkpoints (MOAT's releases) are read without TensorFlow
(:func:`~mogaseg.checkpoint.tf_checkpoint.read_tf_checkpoint`).
"""
import logging
import os.path as osp
from typing import Optional

import torch
from mmengine.logging import print_log
from mmengine.runner import CheckpointLoader

from mogaseg.errors import CheckpointNotFoundError, CheckpointReadError
from .download import cached_download, download, remove_cached
from .fit import mark_source
from .tf_checkpoint import is_tf_checkpoint, read_tf_checkpoint
from .reading import read_checkpoint
from .release_formats import normalize_checkpoint


def _read(path: str, map_location, source: str):
    """A torch file read weights-only, or a TensorFlow checkpoint's
    variables; a release's layout converted. Errors name ``source``."""
    if is_tf_checkpoint(path):
        return _loaded(read_tf_checkpoint(path, source), source)
    return _loaded(read_checkpoint(path, map_location, source), source)


def _loaded(checkpoint, source: str):
    checkpoint = normalize_checkpoint(checkpoint, source)
    if isinstance(checkpoint, dict) and \
            isinstance(checkpoint.get('state_dict'), dict):
        meta = checkpoint.get('meta') or {}
        checkpoint = dict(
            checkpoint,
            state_dict=mark_source(checkpoint['state_dict'], source,
                                   meta.get('added_prefix')))
    elif isinstance(checkpoint, dict) and checkpoint and all(
            isinstance(v, torch.Tensor) for v in checkpoint.values()):
        checkpoint = mark_source(checkpoint, source)  # a bare state dict
    return checkpoint


def load_from_local(filename: str, map_location=None):
    filename = osp.expanduser(filename)
    if not osp.isfile(filename) and not osp.isfile(filename + '.index'):
        raise CheckpointNotFoundError(f'checkpoint not found: {filename}')
    return _read(filename, map_location, filename)


def load_from_http(filename: str,
                   map_location=None,
                   model_dir: Optional[str] = None,
                   progress: bool = True):
    """Download into torch's hub cache, then load it weights-only. A cached
    copy that does not read (damaged on disk since it was checked) is
    reported, removed and downloaded once more; a second failure is the
    error, and leaves nothing in the cache."""
    path = cached_download(filename, model_dir, progress)
    try:
        return _read(path, map_location, filename)
    except CheckpointReadError:
        remove_cached(path)
    print_log(
        f'{path}, the cached copy of {filename}, is truncated, damaged or '
        'no checkpoint: removed it, downloading it once more',
        logger='current', level=logging.WARNING)
    # Without cached_download's barrier: the ranks whose copy did not read
    # may be a few; the copies replace each other atomically.
    download(filename, path, progress)
    try:
        return _read(path, map_location, filename)
    except CheckpointReadError:
        remove_cached(path)
        raise


def register_safe_loaders() -> None:
    """Make MMEngine load local and http(s) checkpoints weights-only,
    converting release layouts."""
    CheckpointLoader.register_scheme('', load_from_local, force=True)
    CheckpointLoader.register_scheme(('http://', 'https://'),
                                     load_from_http,
                                     force=True)
