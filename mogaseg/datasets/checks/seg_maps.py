"""mmseg's label maps: every value stored in them against the classes,
before training, instead of the first bad map's error mid-epoch (or an
index error in the loss without ``mogaseg.CheckSegLabels``).

mmseg reads a map as 8 bits (a 16-bit value wraps around), then, with
``reduce_zero_label``, a stored 0 as 255 (ignored) and a stored v as class
v-1, then applies the ``label_map`` of a class subset. The messages give
the value as stored in the file, which is what a user can look up, and
what it is read as.
"""
import os.path as osp
from typing import List, Optional, Tuple, Union

import mmcv
import numpy as np
from mmengine import fileio

from mogaseg.errors import DataError
from .context import DatasetContext
from .files import map_files
from .report import DataReport, first_examples


def read_as(stored: int, reduce_zero_label: bool,
            label_map: Optional[dict] = None) -> int:
    """The label that mmseg's ``LoadAnnotations`` makes of a stored
    value."""
    value = stored % 256  # its astype(np.uint8)
    if reduce_zero_label:
        value = 255 if value in (0, 255) else value - 1
    if label_map:
        value = label_map.get(value, value)
    return value


def explain_reading(reduce_zero_label: bool, num_classes: int,
                    ignore_index: int) -> str:
    """Which stored values are classes, in words."""
    if reduce_zero_label:
        return ('reduce_zero_label=True reads a stored 0 as 255 (ignored) '
                'and a stored v as class v-1, so the valid stored values '
                f'are 0..{num_classes} and 255')
    return (f'without reduce_zero_label the valid values are '
            f'0..{num_classes - 1} and {ignore_index} (ignore_index)')


def _stored_values(path: str, backend: str) -> Union[np.ndarray, str]:
    """The distinct values of a label map as stored, or why it cannot be
    read."""
    try:
        raw = mmcv.imfrombytes(fileio.get(path), flag='unchanged',
                               backend=backend)
    except Exception as error:  # missing, truncated, not an image
        return f'{type(error).__name__}: {error}'
    if raw is None:
        return 'not a decodable image'
    if raw.dtype == np.uint8:  # a counting pass, no sort
        return np.flatnonzero(np.bincount(raw.ravel(), minlength=256))
    return np.unique(raw)


def _load_step(pipeline) -> dict:
    """The ``LoadAnnotations`` step of a pipeline ({} without one)."""
    for step in pipeline or []:
        if isinstance(step, dict) and str(step.get('type', '')).endswith(
                'LoadAnnotations'):
            return step
    return {}


def _bad_values(values: np.ndarray, reading: dict) -> List[Tuple[int, int]]:
    """(stored, read as) of the values that are no class and not ignored,
    and of those that do not fit 8 bits (read as another class)."""
    bad = []
    for stored in values.tolist():
        label = read_as(stored, reading['reduce_zero_label'],
                        reading['label_map'])
        if stored > 255 or stored < 0 or (
                label >= reading['num_classes']
                and label != reading['ignore_index']):
            bad.append((stored, label))
    return bad


def _example(path: str, root: str, bad: List[Tuple[int, int]]) -> str:
    stored = ', '.join(str(s) for s, _ in bad[:3])
    read = ', '.join(str(r) for _, r in bad[:3])
    more = ', ...' if len(bad) > 3 else ''
    name = osp.relpath(path, root) if root else path
    return f'{name} stores {stored}{more} (read as {read}{more})'


def _out_of_range(ctx: DatasetContext, bad: List[str], total: int,
                  reading: dict, wraps: bool) -> str:
    num_classes = reading['num_classes']
    explained = explain_reading(reading['reduce_zero_label'], num_classes,
                                reading['ignore_index'])
    wrapped = (' mmseg reads label maps as 8 bits: a stored value outside '
               '0..255 wraps around (256 -> 0).') if wraps else ''
    return (f'{ctx.where}: {len(bad)} of {total} label maps hold values '
            f'outside the {num_classes} classes{first_examples(bad)}; '
            f"{explained}.{wrapped} Fix the label maps, or the dataset's "
            'classes.')


def check_seg_maps(ctx: DatasetContext) -> DataReport:
    """Every label value of every map must be a class or ignored.

    Raises:
        DataError: A label map cannot be read, or holds a value outside the
            classes (the first maps named, with stored values).
    """
    dataset = ctx.build_listing()
    step = _load_step(ctx.cfg.get('pipeline'))
    reduce_zero_label = step.get('reduce_zero_label')
    if reduce_zero_label is None:
        reduce_zero_label = dataset.reduce_zero_label
    reading = dict(
        reduce_zero_label=reduce_zero_label,
        label_map=dataset.label_map,
        num_classes=len(dataset.metainfo['classes']),
        ignore_index=dataset.ignore_index)
    paths = [dataset.get_data_info(i).get('seg_map_path')
             for i in range(len(dataset))]
    paths = [path for path in paths if path]  # images without labels
    backend = step.get('imdecode_backend', 'pillow')
    values = map_files(lambda p: _stored_values(p, backend), paths,
                       'label maps')
    root = ctx.cfg.get('data_root') or ''
    unreadable = [f'{path}: {v}' for path, v in zip(paths, values)
                  if isinstance(v, str)]
    if unreadable:
        raise DataError(f'{ctx.where}: cannot read {len(unreadable)} label '
                        f'maps{first_examples(unreadable)}.')
    bad = [(path, _bad_values(v, reading)) for path, v in zip(paths, values)]
    bad = [_example(path, root, b) for path, b in bad if b]
    if bad:
        wraps = any(v.max() > 255 or v.min() < 0 for v in values if v.size)
        raise DataError(_out_of_range(ctx, bad, len(paths), reading, wraps))
    return DataReport(ctx.where)
