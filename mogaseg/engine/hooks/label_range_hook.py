"""Stop at a training label outside the model's classes, naming the image,
instead of an index error deep in the loss (or, on GPU, a device-side
assert)."""
from typing import Optional, Tuple

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mogaseg.errors import LabelOutOfRangeError
from mogaseg.registry import HOOKS


def _num_classes(model) -> Optional[Tuple[int, str, Optional[int]]]:
    """(num_classes, where, ignore_index) of a classifier, segmentor or
    detector; None for a model this hook does not know."""
    head = getattr(model, 'head', None)  # mmpretrain
    if head is not None and hasattr(head, 'num_classes'):
        return head.num_classes, 'model.head.num_classes', None
    head = getattr(model, 'decode_head', None)  # mmseg
    if head is not None and hasattr(head, 'num_classes'):
        return (head.num_classes, 'model.decode_head.num_classes',
                getattr(head, 'ignore_index', 255))
    roi_head = getattr(model, 'roi_head', None)  # mmdet, two-stage
    head = getattr(roi_head, 'bbox_head', None) or \
        getattr(model, 'bbox_head', None)
    if head is not None and hasattr(head, 'num_classes'):
        where = 'bbox_head' if roi_head is None else 'roi_head.bbox_head'
        return head.num_classes, f'model.{where}.num_classes', None
    return None


def _labels(sample) -> Optional[torch.Tensor]:
    if 'gt_label' in sample:
        return sample.gt_label
    if 'gt_instances' in sample and 'labels' in sample.gt_instances:
        return sample.gt_instances.labels
    if 'gt_sem_seg' in sample:
        return sample.gt_sem_seg.data
    return None


@HOOKS.register_module()
class LabelRangeHook(Hook):
    """Check every training sample's labels against the model's
    ``num_classes`` (segmentation: the ignore index is allowed)."""
    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        model = runner.model
        self._classes = _num_classes(
            model.module if is_model_wrapper(model) else model)

    def before_train_iter(self, runner, batch_idx, data_batch=None) -> None:
        if self._classes is None or not data_batch:
            return
        num_classes, where, ignore = self._classes
        for sample in data_batch.get('data_samples') or []:
            labels = _labels(sample)
            if labels is None or labels.numel() == 0:
                continue
            bad = (labels < 0) | (labels >= num_classes)
            if ignore is not None:
                bad &= labels != ignore
            if bad.any():
                value = int(labels[bad].flatten()[0])
                image = sample.get('img_path', '(no path)')
                raise LabelOutOfRangeError(
                    f'label {value} of the training image {image} is '
                    f'outside 0..{num_classes - 1}: the model predicts '
                    f'{num_classes} classes ({where}). Fix the annotation, '
                    'or the number of classes.')
