"""Data transforms of the ``mogaseg`` scope."""
import logging
from typing import Optional

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmcv.transforms import LoadImageFromFile as MMCVLoadImageFromFile
from mmengine import fileio
from mmengine.logging import print_log

from mogaseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class CheckSegLabels(BaseTransform):
    """Stop with the file's name when a segmentation map holds a label the
    model cannot predict, instead of a shape or index error deep in the
    loss or the metric.

    Put it right after ``LoadAnnotations``: valid labels are
    ``0 .. num_classes - 1`` and ``ignore_index`` (after any
    ``reduce_zero_label``).

    Args:
        num_classes (int): Number of classes of the dataset.
        ignore_index (int): The label that is ignored. Defaults to 255.
    """

    def __init__(self, num_classes: int, ignore_index: int = 255):
        self.num_classes = num_classes
        self.ignore_index = ignore_index

    def transform(self, results: dict) -> dict:
        seg_map = results['gt_seg_map']
        values = np.unique(seg_map)
        bad = values[(values >= self.num_classes)
                     & (values != self.ignore_index)]
        if bad.size:
            raise ValueError(
                f"{results.get('seg_map_path', 'a segmentation map')} has "
                f'label values {bad.tolist()[:10]} outside 0..'
                f'{self.num_classes - 1} (and {self.ignore_index}, '
                f'ignored); the dataset has {self.num_classes} classes.')
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_classes={self.num_classes}, '
                f'ignore_index={self.ignore_index})')


class UnreadableImageError(RuntimeError):
    """An image file that cannot be read or decoded."""


@TRANSFORMS.register_module()
class LoadImageFromFile(MMCVLoadImageFromFile):
    """mmcv's ``LoadImageFromFile`` with a choice for unreadable images
    (missing, truncated or corrupt files).

    ``on_error='raise'`` stops with an error that names the file.
    ``on_error='skip'`` logs a warning that names the file and counts the
    skipped images of this process so far, and returns None, so that the
    dataset draws another sample in its place (MMEngine datasets retry
    ``max_refetch`` times).

    Args:
        on_error (str): 'raise' or 'skip'. Defaults to 'raise'.
        **kwargs: mmcv's ``LoadImageFromFile`` arguments (``to_float32``,
            ``color_type``, ``imdecode_backend``, ``backend_args`` ...).
    """
    skipped = 0  # per process, across instances

    def __init__(self, on_error: str = 'raise', **kwargs):
        if on_error not in ('raise', 'skip'):
            raise ValueError(
                f"on_error must be 'raise' or 'skip', got {on_error!r}")
        kwargs.pop('ignore_empty', None)  # replaced by on_error
        super().__init__(**kwargs)
        self.on_error = on_error

    def transform(self, results: dict) -> Optional[dict]:
        filename = results['img_path']
        try:
            img_bytes = fileio.get(filename, backend_args=self.backend_args)
            img = mmcv.imfrombytes(
                img_bytes, flag=self.color_type,
                backend=self.imdecode_backend)
            reason = 'not a decodable image' if img is None else None
        except Exception as err:  # missing, unreadable, undecodable
            img, reason = None, f'{type(err).__name__}: {err}'
        if img is None:
            if self.on_error == 'raise':
                raise UnreadableImageError(
                    f'cannot read the image {filename} ({reason}). Replace '
                    'or remove it, or let the pipeline skip such files: '
                    "dict(type='mogaseg.LoadImageFromFile', "
                    "on_error='skip').")
            LoadImageFromFile.skipped += 1
            print_log(
                f'skipped the unreadable image {filename} ({reason}); '
                f'{LoadImageFromFile.skipped} skipped so far',
                logger='current', level=logging.WARNING)
            return None
        if self.to_float32:
            img = img.astype(np.float32)
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results
