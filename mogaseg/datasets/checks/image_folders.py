"""mmpretrain's classification datasets (``ImageNet``, ``CustomDataset``:
class folders or an annotation file): the classes against the samples,
and the images against the pipeline, before training.

An empty class folder is still a class to mmpretrain (one warning among
hundreds of lines), so the head gets a class it never sees; an image of
one pixel fails deep in the pipeline without its name. Both stop the run
here, named; missing image files are counted.
"""
import os.path as osp
from typing import List, Sequence, Tuple

import numpy as np

from mogaseg.errors import DataError
from .context import DatasetContext
from .files import file_bytes, image_size, map_files
from .report import DataReport, first_examples

# Smaller images have nothing to resize or crop, and a flip of a one-pixel
# side gives an array torch cannot take (PackInputs fails).
MIN_SIDE = 2
SMALL_FILE = 16 * 1024
# Transforms that need the image at least as large as their crop.
_CROPPING = ('RandomCrop', 'CenterCrop')


def min_image_size(pipeline: Sequence[dict]) -> Tuple[int, int, str]:
    """(height, width, why): the smallest image the pipeline takes: the
    crop of a ``RandomCrop`` / ``CenterCrop`` that sees the image at its
    stored size (no resize and no padding before it), else
    :data:`MIN_SIDE`."""
    for step in pipeline or []:
        name = str(step.get('type', '')).split('.')[-1]
        if 'Resize' in name:  # RandomResizedCrop, ResizeEdge ...: any size
            break
        if name in _CROPPING and not step.get('pad_if_needed') and \
                not step.get('padding') and step.get('crop_size'):
            crop = step['crop_size']
            height, width = (crop, crop) if isinstance(crop, int) else crop
            return height, width, f'the {width}x{height} {name}'
    return MIN_SIDE, MIN_SIDE, f'{MIN_SIDE} px a side'


def _samples(dataset) -> List[dict]:
    return [dataset.get_data_info(i) for i in range(len(dataset))]


def _class_folder(dataset, label: int) -> str:
    """Where the class's images would be: its folder when mmpretrain found
    the classes as folders."""
    folders = getattr(dataset, 'folder_to_idx', None) or {}
    for folder, index in folders.items():
        if index == label:
            return f': folder {osp.join(dataset.img_prefix, folder)} is empty'
    return ''


def _check_classes(ctx: DatasetContext, dataset,
                   samples: List[dict]) -> None:
    """Every class has training images. (A label beyond the classes is
    :class:`~mogaseg.engine.hooks.LabelRangeHook`'s, named in the first
    iteration.)"""
    classes = dataset.metainfo.get('classes')
    labels = [s['gt_label'] for s in samples
              if isinstance(s.get('gt_label'), int)]
    if not ctx.training or classes is None or not labels:
        return  # validation, no classes to count, or multi-label
    counts = np.bincount(np.clip(labels, 0, None), minlength=len(classes))
    empty = [f'{i} {classes[i]!r}{_class_folder(dataset, i)}'
             for i in np.flatnonzero(counts[:len(classes)] == 0).tolist()]
    if empty:
        raise DataError(
            f'{ctx.where}: {len(empty)} of {len(classes)} classes have no '
            f'training image{first_examples(empty)}, so the model would '
            'have a class it never learns. Add their images, or remove '
            'them from the classes (and the folders) and set num_classes '
            f'to {len(classes) - len(empty)}.')


def _to_measure(paths: List[str], floor: bool) -> Tuple[List[str],
                                                      List[str]]:
    """(missing files, files whose header to read). For the
    :data:`MIN_SIDE` floor only the files under :data:`SMALL_FILE` bytes:
    a stat costs a fraction of a header read (ImageNet has 1.3M files),
    and a larger file holds more than one pixel a side (short of
    megabytes of metadata)."""
    # in this thread: a stat takes microseconds, less than a pool's
    # hand-over
    sizes = [file_bytes(path) for path in paths]
    missing = [p for p, n in zip(paths, sizes) if n is None]
    measure = [p for p, n in zip(paths, sizes)
               if n is not None and (not floor or n < SMALL_FILE)]
    return missing, measure


def _check_sizes(ctx: DatasetContext, samples: List[dict]) -> DataReport:
    """Images too small for the pipeline (fatal); missing files (counted:
    the loader stops on them, or skips them with ``on_error='skip'``)."""
    height, width, why = min_image_size(ctx.cfg.get('pipeline'))
    paths = [s['img_path'] for s in samples]
    missing, measure = _to_measure(paths, (height, width) == (MIN_SIDE, ) * 2)
    sizes = map_files(image_size, measure, 'image headers')
    root = ctx.cfg.get('data_root') or ''

    def name(path: str) -> str:
        return osp.relpath(path, root) if root else path

    small = [f'{name(p)}: {s[0]}x{s[1]}' for p, s in zip(measure, sizes)
             if s is not None and (s[0] < width or s[1] < height)]
    if small:
        raise DataError(
            f'{ctx.where}: {len(small)} of {len(paths)} images are smaller '
            f'than the pipeline takes ({why}){first_examples(small)}. '
            'Replace or remove them.')
    report = DataReport(ctx.where)
    report.lose(len(missing), 'image files not found',
                [name(p) for p in missing])
    return report


def check_image_folder(ctx: DatasetContext) -> DataReport:
    """Classes against samples, images against the pipeline.

    Raises:
        DataError: mmpretrain cannot list the data, a class has no
            training image, or an image is too small.
    """
    dataset = ctx.build_listing()
    samples = _samples(dataset)
    _check_classes(ctx, dataset, samples)
    return _check_sizes(ctx, samples)
