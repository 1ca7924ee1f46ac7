"""deeplab2's released MOAT weights (TensorFlow), read as mogaseg
checkpoints.

A release is a ``.tar.gz`` holding one TensorFlow checkpoint, or that
checkpoint's prefix once extracted. :func:`read_moat_release` reads it
without TensorFlow (:mod:`.tf_bundle`) and converts it
(:func:`~.converters.convert_moat_tf`), so ``load_from``, ``init_cfg``,
``tools/test.py`` and ``get_model`` take the released files as they are.
"""
import glob
import os.path as osp
import tarfile

from mmengine.logging import print_log

from .converters import convert_moat_tf
from .tf_bundle import TFCheckpoint

RELEASE_FORMAT = 'MOAT release (deeplab2 TensorFlow checkpoint)'


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


def read_moat_release(path: str, ema: bool = False) -> dict:
    """A MOAT release file (``.tar.gz`` or checkpoint prefix) as a mogaseg
    classifier checkpoint (``backbone.*``, and ``head.fc.*`` when the
    release has its head).

    Args:
        path: The archive, or the checkpoint's prefix / ``.index`` file.
        ema: Take the EMA copies of the weights. Defaults to False: the raw
            weights, which deeplab2's own loader uses.
    """
    prefix = _extracted_prefix(path) if path.endswith(
        ('.tar.gz', '.tgz')) else path
    state_dict = convert_moat_tf(TFCheckpoint(prefix).numeric(), ema=ema)
    print_log(
        f'{path}: {RELEASE_FORMAT}, {len(state_dict)} tensors converted to '
        'mogaseg names while loading', logger='current')
    return dict(
        state_dict=state_dict,
        meta=dict(
            release_format=RELEASE_FORMAT,
            converted_from=path,
            ema=ema,
            added_prefix='backbone.'))
