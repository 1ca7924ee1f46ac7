"""Data transforms of the ``mogaseg`` scope."""
import logging
from typing import Optional

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmcv.transforms import LoadImageFromFile as MMCVLoadImageFromFile
from mmengine import fileio
from mmengine.logging import print_log

from mogaseg.errors import ConfigError, DataError, UnreadableImageError
from mogaseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class CheckSegLabels(BaseTransform):
    """Stop with the file's name when a segmentation map holds a label the
    model cannot predict, instead of a shape or index error deep in the
    loss or the metric.

    Put it right after ``LoadAnnotations``: valid labels are
    ``0 .. num_classes - 1`` and ``ignore_index`` after any
    ``reduce_zero_label``. The error names the values as stored in the
    file (what a user can look up), undoing ``reduce_zero_label``: a
    stored v is read as v - 1. A sample without a label map (a user's image
    in an inference pipeline, where the task library drops
    ``LoadAnnotations``) passes through unchecked.

    Args:
        num_classes (int): Number of classes of the dataset.
        ignore_index (int): The label that is ignored. Defaults to 255.
        reduce_zero_label (bool, optional): Whether the map was loaded with
            ``reduce_zero_label``. Defaults to None: what mmseg's dataset
            put in the sample (its ``reduce_zero_label``), else False.
    """

    def __init__(self, num_classes: int, ignore_index: int = 255,
                 reduce_zero_label: Optional[bool] = None):
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.reduce_zero_label = reduce_zero_label

    def _stored(self, results: dict, label: int) -> int:
        """The value in the file that loads as ``label``."""
        reduce_zero_label = self.reduce_zero_label
        if reduce_zero_label is None:
            reduce_zero_label = results.get('reduce_zero_label', False)
        # reduce_zero_label reads a stored 0 (and 255) as 255, ignored, and
        # any other stored v as v - 1: a label that is no class came from
        # label + 1
        return label + 1 if reduce_zero_label else label

    def transform(self, results: dict) -> dict:
        seg_map = results.get('gt_seg_map')
        if seg_map is None:
            if results.get('seg_map_path') is not None:
                # a dataset sample whose map was not loaded yet
                raise ConfigError(
                    f"{results['seg_map_path']}: CheckSegLabels found no "
                    "'gt_seg_map'; put it after LoadAnnotations in the "
                    'pipeline.')
            return results
        values = np.unique(seg_map)
        bad = values[(values >= self.num_classes)
                     & (values != self.ignore_index)].tolist()
        if bad:
            stored = [self._stored(results, v) for v in bad[:10]]
            read = '' if stored == bad[:10] else \
                f' (read as {bad[:10]}: reduce_zero_label makes a stored ' \
                'v class v-1)'
            raise DataError(
                f"{results.get('seg_map_path', 'a segmentation map')} "
                f'stores the label values {stored}{read}, outside the '
                f'{self.num_classes} classes 0..{self.num_classes - 1} (and '
                f'{self.ignore_index}, ignored). Fix the label map or the '
                "dataset's classes.")
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_classes={self.num_classes}, '
                f'ignore_index={self.ignore_index}, '
                f'reduce_zero_label={self.reduce_zero_label})')


@TRANSFORMS.register_module()
class CheckKeypoints(BaseTransform):
    """Stop with the image's name when a person's keypoints do not match the
    model's and the dataset's keypoint count, instead of an index error in a
    flip or a shape error in the loss.

    mmpose's datasets read as many keypoints per person as an annotation
    gives; the flip pairs come from the dataset's metainfo (``flip_indices``)
    and the heatmap head predicts ``num_keypoints``. Put it right after
    ``LoadImage``. A sample without keypoints (a user's image in
    ``inference_topdown``) passes through unchecked.

    Args:
        num_keypoints (int): The keypoints the model predicts (the head's
            ``out_channels``).
    """

    def __init__(self, num_keypoints: int):
        self.num_keypoints = num_keypoints

    def transform(self, results: dict) -> dict:
        keypoints = results.get('keypoints')
        if keypoints is None:
            return results
        found = np.asarray(keypoints).shape[-2]
        where = results.get('img_path', 'an image')
        if found != self.num_keypoints:
            raise DataError(
                f'{where}: a person has {found} keypoints in the annotation, '
                f'the model predicts {self.num_keypoints} (its head\'s '
                'out_channels): fix the annotation file or the config.')
        flip_indices = results.get('flip_indices')
        if flip_indices is not None and len(flip_indices) != found:
            raise DataError(
                f"{where}: the dataset's metainfo names {len(flip_indices)} "
                f'keypoints (flip_indices), the annotation {found}: give the '
                "dataset the metainfo of these keypoints (its 'metainfo' "
                'argument).')
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(num_keypoints={self.num_keypoints})'


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
        on_error (str, optional): 'raise' or 'skip'. Defaults to 'skip' with
            mmcv's ``ignore_empty=True``, else 'raise'.
        **kwargs: mmcv's ``LoadImageFromFile`` arguments (``to_float32``,
            ``color_type``, ``imdecode_backend``, ``backend_args`` ...).
    """
    skipped = 0  # per process, across instances

    def __init__(self, on_error: Optional[str] = None, **kwargs):
        # mmcv's ignore_empty (skip missing files) becomes on_error='skip',
        # so the tools' swap of mmcv's loader for this one keeps its meaning
        ignore_empty = kwargs.pop('ignore_empty', False)
        if on_error is None:
            on_error = 'skip' if ignore_empty else 'raise'
        if on_error not in ('raise', 'skip'):
            raise ValueError(
                f"on_error must be 'raise' or 'skip', got {on_error!r}")
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
