"""Every checkpoint MMEngine loads goes through torch's weights-only
unpickler.

MMEngine loads ``load_from``, ``resume`` and ``init_cfg=dict(type=
'Pretrained')`` files through :class:`~mmengine.runner.CheckpointLoader`.
Its local loader relies on ``torch.load``'s default, and its URL loader on
``torch.hub``'s, which unpickles anything: a crafted file could run code.
:func:`register_safe_loaders` replaces both with loaders that pass
``weights_only=True`` and turn a refusal into an
:class:`UnsafeCheckpointError` that names the file. Our own checkpoints
pass (see :class:`~mogaseg.engine.hooks.WeightsOnlyCheckpointHook`), as do
the published ImageNet weights.
"""
import os
import os.path as osp
import pickle
from typing import Optional
from urllib.parse import urlparse

import torch
import torch.distributed as dist
from mmengine.dist import get_dist_info
from mmengine.runner import CheckpointLoader


class UnsafeCheckpointError(pickle.UnpicklingError):
    """A checkpoint holds objects that the weights-only unpickler refuses
    (unpickling them could run code). An ``UnpicklingError``, as torch's
    own refusal is."""


class CheckpointNotFoundError(FileNotFoundError):
    """A local checkpoint file that does not exist; every tool reports it
    in one line (:data:`~mogaseg.engine.USER_ERRORS`)."""


def safe_torch_load(filename: str, map_location=None):
    """``torch.load(filename, weights_only=True)`` with a one-paragraph
    error for a refused file."""
    try:
        return torch.load(
            filename, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as err:
        reason = str(err).strip().splitlines()
        reason = next((line for line in reason if 'GLOBAL' in line
                       or 'Unsupported' in line), reason[0] if reason else '')
        raise UnsafeCheckpointError(
            f'refused to load the checkpoint {filename}: it holds objects '
            'other than tensors and plain containers, and unpickling them '
            'could run arbitrary code, so it is loaded with '
            f'weights_only=True only. ({reason.strip()}) If you trust its '
            'source, load it yourself with torch.load(weights_only=False) '
            'and save its state_dict.') from None


def load_from_local(filename: str, map_location=None):
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise CheckpointNotFoundError(f'checkpoint not found: {filename}')
    return safe_torch_load(filename, map_location)


def _download(url: str, model_dir: str) -> str:
    path = osp.join(model_dir, osp.basename(urlparse(url).path))
    if not osp.isfile(path):
        os.makedirs(model_dir, exist_ok=True)
        torch.hub.download_url_to_file(url, path, progress=False)
    return path


def load_from_http(filename: str,
                   map_location=None,
                   model_dir: Optional[str] = None,
                   progress: bool = False):
    """Download into torch's hub cache (rank 0 first), then load it
    weights-only."""
    model_dir = model_dir or osp.join(torch.hub.get_dir(), 'checkpoints')
    rank, world_size = get_dist_info()
    if rank == 0:
        path = _download(filename, model_dir)
    if world_size > 1:
        dist.barrier()
        if rank > 0:
            path = _download(filename, model_dir)
    return safe_torch_load(path, map_location)


def register_safe_loaders() -> None:
    """Make MMEngine load local and http(s) checkpoints weights-only."""
    CheckpointLoader.register_scheme('', load_from_local, force=True)
    CheckpointLoader.register_scheme(('http://', 'https://'),
                                     load_from_http,
                                     force=True)
