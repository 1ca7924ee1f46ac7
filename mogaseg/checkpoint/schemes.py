"""MMEngine's checkpoint loaders, made safe and release-aware.

MMEngine loads ``load_from``, ``resume`` and ``init_cfg=dict(type=
'Pretrained')`` files, and the task libraries' ``init_*`` APIs their
checkpoints, through :class:`~mmengine.runner.CheckpointLoader`. Its local
loader relies on ``torch.load``'s default and its URL loader on
``torch.hub``'s, which unpickle anything. :func:`register_safe_loaders`
replaces both: files are read weights-only
(:func:`~mogaseg.checkpoint.reading.read_checkpoint`), URLs are cached in
torch's hub directory with a progress bar and the release's hash checked
where its file name has one, and a release's own layout is converted on
load (:func:`~mogaseg.checkpoint.release_formats.normalize_checkpoint`);
TensorFlow checkpoints (MOAT's releases) are read without TensorFlow
(:func:`~mogaseg.checkpoint.tf_checkpoint.read_tf_checkpoint`).
"""
import hashlib
import os
import os.path as osp
import re
from typing import Optional
from urllib.parse import parse_qs, urlparse

import torch
import torch.distributed as dist
from mmengine.dist import get_dist_info
from mmengine.logging import print_log
from mmengine.runner import CheckpointLoader

from mogaseg.errors import CheckpointNotFoundError
from .fit import mark_source
from .tf_checkpoint import is_tf_checkpoint, read_tf_checkpoint
from .reading import read_checkpoint
from .release_formats import normalize_checkpoint

# torch.hub's convention: 'name-<first hex digits of the sha256>.ext'.
_HASH_IN_NAME = re.compile(r'-([a-f0-9]{8,})\.')


def _read(path: str, map_location, source: str):
    """A torch file read weights-only, or a TensorFlow checkpoint's
    variables; a release's layout converted."""
    if is_tf_checkpoint(path):
        return _loaded(read_tf_checkpoint(path), source)
    return _loaded(read_checkpoint(path, map_location), source)


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


def _cache_name(url: str) -> str:
    """The file name of ``url``'s copy in the cache: the URL's own, or a
    share link's file parameter (``...?p=/van_b4_22k.pth&dl=1``), or else
    a name made from the URL."""
    parsed = urlparse(url)
    name = osp.basename(parsed.path)
    query = parse_qs(parsed.query)
    if 'p' in query:
        name = osp.basename(query['p'][0])
    if '.' not in name:
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        name = f'{name or "checkpoint"}_{digest}.pth'  # '_': not a hash
    return name


def _check_not_a_web_page(path: str, url: str) -> None:
    with open(path, 'rb') as f:
        head = f.read(64).lstrip().lower()
    if head.startswith((b'<!doctype', b'<html')):
        os.remove(path)
        raise CheckpointNotFoundError(
            f'{url} returned a web page, not a checkpoint (a share link such '
            'as Google Drive\'s "view" is not a direct download): download '
            'the file in a browser and give its path instead')


def cached_download(url: str, model_dir: Optional[str] = None,
                    progress: bool = True) -> str:
    """The local copy of ``url`` in torch's hub cache, downloaded (and its
    hash checked, if its name carries one) on first use; rank 0 downloads
    first under DDP."""
    model_dir = model_dir or osp.join(torch.hub.get_dir(), 'checkpoints')
    path = osp.join(model_dir, _cache_name(url))

    def fetch():
        if osp.isfile(path):
            return
        os.makedirs(model_dir, exist_ok=True)
        match = _HASH_IN_NAME.search(osp.basename(path))
        print_log(f'downloading {url} to {path}', logger='current')
        torch.hub.download_url_to_file(
            url,
            path,
            hash_prefix=match.group(1) if match else None,
            progress=progress)
        _check_not_a_web_page(path, url)

    rank, world_size = get_dist_info()
    if rank == 0:
        fetch()
    if world_size > 1:
        dist.barrier()
        if rank > 0:
            fetch()  # a no-op where the ranks share the cache
    return path


def load_from_http(filename: str,
                   map_location=None,
                   model_dir: Optional[str] = None,
                   progress: bool = True):
    """Download into torch's hub cache, then load it weights-only."""
    path = cached_download(filename, model_dir, progress)
    return _read(path, map_location, filename)


def register_safe_loaders() -> None:
    """Make MMEngine load local and http(s) checkpoints weights-only,
    converting release layouts."""
    CheckpointLoader.register_scheme('', load_from_local, force=True)
    CheckpointLoader.register_scheme(('http://', 'https://'),
                                     load_from_http,
                                     force=True)
