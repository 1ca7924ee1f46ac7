"""Checkpoint downloads into torch's hub cache: one cached file per URL,
and there only once it is whole.

The cache name starts with a hash of the whole URL, so two releases that
share a file name (``model_best.pth``, ``checkpoint.pth``) are two files;
the rest of the name is the URL's own, so the cache stays readable and
torch.hub's ``name-<sha256 prefix>.ext`` check and the extension that marks
a TensorFlow ``.tar.gz`` still work. A download goes into a temporary file
next to its place and moves there only after its length, its ETag (where it
is an MD5), the hash in its name and its format are checked, so an
interrupted or wrong download never stays in the cache.
"""
import hashlib
import http.client
import os
import os.path as osp
import re
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from typing import Any, BinaryIO, Dict, Optional
from urllib.parse import parse_qs, urlparse

import torch
import torch.distributed as dist
from mmengine.dist import get_dist_info
from mmengine.logging import print_log
from tqdm import tqdm

from mogaseg.errors import CheckpointReadError
from .file_kinds import check_checkpoint_file, file_kind
from .reading import read_checkpoint
from .tf_checkpoint import (check_tf_archive, extraction_folder,
                            is_tf_checkpoint)

# torch.hub's convention: 'name-<first hex digits of the sha256>.ext'.
_HASH_IN_NAME = re.compile(r'-([a-f0-9]{8,})\.')
# S3, GitHub's release storage and many static servers send the MD5 of the
# body as a bare quoted ETag; any other form (weak, multipart '-N', a
# server's own scheme) says nothing checkable.
_MD5_ETAG = re.compile(r'^"([0-9a-fA-F]{32})"$')
_HTTP_HINTS = {
    401: 'the link needs a login',
    403: 'the link needs a login, or it has expired',
    404: 'no file at that address',
    410: 'the file was removed',
}
_URL_HASH_CHARS = 8
_CHUNK_BYTES = 1 << 20
_TIMEOUT_S = 60


def url_file_name(url: str) -> str:
    """The URL's file name, or a share link's file parameter (``...?p=/
    van_b4_22k.pth&dl=1``); ``.pth`` is added to a name without a dot."""
    parsed = urlparse(url)
    name = osp.basename(parsed.path)
    query = parse_qs(parsed.query)
    if 'p' in query:
        name = osp.basename(query['p'][0])
    name = name or 'checkpoint'
    return name if '.' in name else f'{name}.pth'


def cache_name(url: str) -> str:
    """``<hash of the whole URL>_<file name>``: a file of its own for each
    URL, still readable (``'_'``: not taken for torch.hub's hash)."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:_URL_HASH_CHARS]
    return f'{digest}_{url_file_name(url)}'


def cache_path(url: str, model_dir: Optional[str] = None) -> str:
    model_dir = model_dir or osp.join(torch.hub.get_dir(), 'checkpoints')
    return osp.join(model_dir, cache_name(url))


def _open(url: str) -> http.client.HTTPResponse:
    request = urllib.request.Request(url, headers={'User-Agent': 'mogaseg'})
    try:
        return urllib.request.urlopen(request, timeout=_TIMEOUT_S)
    except urllib.error.HTTPError as err:
        hint = _HTTP_HINTS.get(err.code)
        raise CheckpointReadError(
            f'cannot download the checkpoint {url}: the server answered '
            f'{err.code} {err.reason}' + (f' ({hint})' if hint else '') +
            '. Check the URL, or download the file in a browser and give '
            'its path.') from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, 'reason', err)
        raise CheckpointReadError(
            f'cannot download the checkpoint {url}: no connection to '
            f'{urlparse(url).netloc} ({reason}). Check the address and the '
            'network (a proxy needs https_proxy), or download the file '
            'elsewhere and give its path.') from None


def _copy(response, out: BinaryIO, url: str, digests: Dict[str, Any],
          progress: bool) -> int:
    """Stream the body into ``out``, updating ``digests``; the number of
    bytes written."""
    total = int(response.headers.get('Content-Length') or 0) or None
    received = 0
    with tqdm(total=total, unit='B', unit_scale=True, unit_divisor=1024,
              disable=not progress) as bar:
        while True:
            try:
                chunk = response.read(_CHUNK_BYTES)
            except (OSError, http.client.HTTPException) as err:
                raise CheckpointReadError(
                    f'the download of the checkpoint {url} broke off after '
                    f'{received} bytes ({err}); nothing was kept. Try again.'
                ) from None
            if not chunk:
                return received
            out.write(chunk)
            for digest in digests.values():
                digest.update(chunk)
            received += len(chunk)
            bar.update(len(chunk))


def _expected_digests(url: str, headers) -> Dict[str, str]:
    """What the body's digests must start with: the hash in the file name
    (sha256), the ETag (md5), where they are there."""
    expected = {}
    in_name = _HASH_IN_NAME.search(url_file_name(url))
    if in_name:
        expected['sha256'] = in_name.group(1)
    etag = _MD5_ETAG.match(headers.get('ETag') or '')
    if etag:
        expected['md5'] = etag.group(1).lower()
    return expected


def _check_whole(url: str, headers, received: int,
                 digests: Dict[str, Any],
                 expected: Dict[str, str]) -> None:
    length = headers.get('Content-Length')
    if length and int(length) != received:
        raise CheckpointReadError(
            f'the download of the checkpoint {url} is incomplete: the server '
            f'announced {length} bytes and sent {received}; nothing was '
            'kept. Try again.')
    for name, prefix in expected.items():
        actual = digests[name].hexdigest()
        if not actual.startswith(prefix):
            told = 'file name' if name == 'sha256' else 'server (ETag)'
            raise CheckpointReadError(
                f'the download of the checkpoint {url} is damaged: its '
                f'{name} hash is {actual[:len(prefix)]}, and its {told} says '
                f'{prefix}; nothing was kept. Try again; if it persists, the '
                'file at that address is not the one its name promises.')


def _check_readable(path: str, url: str, name: str) -> None:
    """A checkpoint's format, read as far as it cheaply can be: a TF
    archive or a zip wholly (CRCs included), a legacy pickle by loading
    it."""
    if is_tf_checkpoint(name):
        check_tf_archive(path, url)
        return
    check_checkpoint_file(path, url)
    if file_kind(path) == 'pickle':
        read_checkpoint(path, 'cpu', source=url)
        return
    with zipfile.ZipFile(path) as archive:
        bad = archive.testzip()
    if bad is not None:
        raise CheckpointReadError(
            f'the download of the checkpoint {url} is damaged: its part '
            f'{bad} does not match its checksum; nothing was kept. Try '
            'again.')


def download(url: str, path: str, progress: bool = True) -> None:
    """Download ``url`` to ``path`` through a temporary file beside it,
    which becomes ``path`` only when whole and readable as a checkpoint.

    Raises:
        CheckpointReadError: An http error, no connection, a download that
            broke off, does not match its length, ETag or name's hash, or is
            no checkpoint (a web page ...); nothing is left behind.
    """
    os.makedirs(osp.dirname(path), exist_ok=True)
    print_log(f'downloading {url} to {path}', logger='current')
    response = _open(url)
    fd, partial = tempfile.mkstemp(
        dir=osp.dirname(path), prefix=osp.basename(path) + '.',
        suffix='.partial')
    try:
        with response, os.fdopen(fd, 'wb') as out:
            expected = _expected_digests(url, response.headers)
            digests = {name: hashlib.new(name) for name in expected}
            received = _copy(response, out, url, digests, progress)
        _check_whole(url, response.headers, received, digests, expected)
        _check_readable(partial, url, path)
        os.replace(partial, path)  # atomic: never half a file at path
    finally:
        if osp.exists(partial):
            os.remove(partial)


def remove_cached(path: str) -> None:
    """Remove a cached download, and the folder a TensorFlow archive was
    extracted to, so that the next use downloads it again."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass  # another rank's removal, or none there
    if is_tf_checkpoint(path) and osp.isdir(extraction_folder(path)):
        shutil.rmtree(extraction_folder(path), ignore_errors=True)


def cached_download(url: str, model_dir: Optional[str] = None,
                    progress: bool = True) -> str:
    """The local copy of ``url`` in torch's hub cache, downloaded and
    checked on first use; rank 0 downloads first under DDP."""
    path = cache_path(url, model_dir)

    def fetch():
        if not osp.isfile(path):
            download(url, path, progress)

    rank, world_size = get_dist_info()
    if world_size == 1:
        fetch()
        return path
    error = None
    if rank == 0:
        try:
            fetch()
        except CheckpointReadError as err:
            error = err  # raised after the barrier: the others wait there
    dist.barrier()
    if error is not None:
        raise error
    if rank > 0:
        fetch()  # a no-op where the ranks share the cache
    return path
