"""Data transforms of the ``mogaseg`` scope."""
import numpy as np
from mmcv.transforms import BaseTransform

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
