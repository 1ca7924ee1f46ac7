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
import os.path as osp
import tarfile

from .tf_bundle import TFCheckpoint


def is_tf_checkpoint(path: str) -> bool:
    """Whether ``path`` is a TensorFlow checkpoint: a ``.tar.gz`` of one,
    its ``.index`` file, or its prefix."""
    return path.endswith(('.tar.gz', '.tgz', '.index')) or \
        osp.isfile(path + '.index')


def _extracted_prefix(archive: str) -> str:
    """Extract ``archive`` next to itself (once) and return the prefix of
    the checkpoint inside."""
    folder = archive[:-len('.tar.gz')] if archive.endswith('.tar.gz') else \
        osp.splitext(archive)[0]
    if not glob.glob(osp.join(folder, '**', '*.index'), recursive=True):
        with tarfile.open(archive) as tar:
            # 'data': plain files and folders only, nothing outside folder
            tar.extractall(folder, filter='data')
    indexes = sorted(
        glob.glob(osp.join(folder, '**', '*.index'), recursive=True))
    if len(indexes) != 1:
        raise ValueError(f'{archive} holds {len(indexes)} TensorFlow '
                         'checkpoints (.index files); expected one')
    return indexes[0][:-len('.index')]


def read_tf_checkpoint(path: str) -> dict:
    """The numeric variables of a TensorFlow checkpoint (``.tar.gz``, or
    the checkpoint's prefix / ``.index`` file) as ``{'tf_variables':
    {name: array}}``."""
    if path.endswith('.index'):
        path = path[:-len('.index')]
    prefix = _extracted_prefix(path) if path.endswith(
        ('.tar.gz', '.tgz')) else path
    return dict(tf_variables=TFCheckpoint(prefix).numeric())
