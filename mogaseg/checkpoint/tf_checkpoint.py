"""TensorFlow checkpoints (deeplab2's MOAT releases), read without
TensorFlow.

A release is a ``.tar.gz`` holding one TensorFlow checkpoint, or that
checkpoint's prefix once extracted. :func:`read_tf_checkpoint` reads its
numeric variables (:mod:`.tf_bundle`) as ``{'tf_variables': {name:
array}}``; a family's release format (MOAT's) converts them like any other
file, so ``load_from``, ``init_cfg``, ``tools/test.py`` and ``get_model``
take the released files as they are.
"""
import glob
import gzip
import os.path as osp
import shutil
import tarfile
import zlib
from typing import Optional

from mogaseg.errors import CheckpointReadError
from .file_kinds import (TF_ARCHIVE_ENDINGS, check_checkpoint_file,
                         unreadable)
from .tf_bundle import TFCheckpoint

# What reading a truncated or damaged .tar.gz raises.
_DAMAGED_ARCHIVE = (tarfile.ReadError, EOFError, zlib.error,
                    gzip.BadGzipFile)


def is_tf_checkpoint(path: str) -> bool:
    """Whether ``path`` is a TensorFlow checkpoint: a ``.tar.gz`` of one,
    its ``.index`` file, or its prefix."""
    return path.endswith(TF_ARCHIVE_ENDINGS + ('.index', )) or \
        osp.isfile(path + '.index')


def extraction_folder(archive: str) -> str:
    """Where :func:`read_tf_checkpoint` extracts ``archive``: next to it,
    named like it."""
    return archive[:-len('.tar.gz')] if archive.endswith('.tar.gz') else \
        osp.splitext(archive)[0]


def _extract(archive: str, folder: str, source: str) -> None:
    check_checkpoint_file(archive, source, tf_archive=True)
    created = not osp.exists(folder)
    try:
        with tarfile.open(archive) as tar:
            # 'data': plain files and folders only, nothing outside folder
            tar.extractall(folder, filter='data')
    except _DAMAGED_ARCHIVE as err:
        if created:  # a later read would take half a checkpoint for one
            shutil.rmtree(folder, ignore_errors=True)
        raise unreadable(archive, source, str(err)) from None


def check_tf_archive(path: str, source: str) -> None:
    """Raise :class:`~mogaseg.errors.CheckpointReadError` unless ``path``
    is a whole ``.tar.gz`` holding a TensorFlow checkpoint (it reads the
    whole archive)."""
    check_checkpoint_file(path, source, tf_archive=True)
    try:
        with tarfile.open(path) as tar:
            names = tar.getnames()
    except _DAMAGED_ARCHIVE as err:
        raise unreadable(path, source, str(err)) from None
    if not any(name.endswith('.index') for name in names):
        raise CheckpointReadError(
            f'cannot read the checkpoint {source}: it is a .tar.gz without '
            f'a TensorFlow checkpoint (no .index file among its '
            f'{len(names)} files).')


def _extracted_prefix(archive: str, source: str) -> str:
    """Extract ``archive`` next to itself (once) and return the prefix of
    the checkpoint inside."""
    folder = extraction_folder(archive)
    if not glob.glob(osp.join(folder, '**', '*.index'), recursive=True):
        _extract(archive, folder, source)
    indexes = sorted(
        glob.glob(osp.join(folder, '**', '*.index'), recursive=True))
    if len(indexes) != 1:
        raise ValueError(f'{archive} holds {len(indexes)} TensorFlow '
                         'checkpoints (.index files); expected one')
    return indexes[0][:-len('.index')]


def read_tf_checkpoint(path: str, source: Optional[str] = None) -> dict:
    """The numeric variables of a TensorFlow checkpoint (``.tar.gz``, or
    the checkpoint's prefix / ``.index`` file) as ``{'tf_variables':
    {name: array}}``; ``source`` names it in errors (default: ``path``)."""
    if path.endswith('.index'):
        path = path[:-len('.index')]
    prefix = _extracted_prefix(path, source or path) if path.endswith(
        TF_ARCHIVE_ENDINGS) else path
    return dict(tf_variables=TFCheckpoint(prefix).numeric())
