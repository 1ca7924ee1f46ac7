"""Annotations checked before training: every problem counted and named.

Structural problems (an unreadable or incomplete annotation file, labels
the model cannot predict, a class without images, an image too small for
the pipeline) raise :class:`~mogaseg.errors.DataError`; annotations that
the task library would drop without a word are counted in one warning per
dataset, fatal with ``strict``. One module per format:

* :mod:`.coco_instances`: mmdet's ``CocoDataset``
* :mod:`.coco_keypoints`: mmpose's COCO-style keypoint datasets
* :mod:`.seg_maps`: mmseg's label maps (ADE20K ...)
* :mod:`.image_folders`: mmpretrain's ``ImageNet`` / ``CustomDataset``
"""
from typing import Optional

from .context import DatasetContext
from .dispatch import check_for, dataset_class
from .report import DataReport
from .strict import pop_strict

__all__ = ['DataReport', 'DatasetContext', 'check_dataset', 'pop_strict']


def check_dataset(dataset_cfg: dict, scope: Optional[str], where: str,
                  model: Optional[dict] = None, training: bool = True,
                  strict: bool = False) -> Optional[DataReport]:
    """Check one (leaf) dataset config of the ``scope`` task library, and
    print what it found in one line.

    Args:
        dataset_cfg (dict): The dataset's config, without ``strict``.
        scope (str, optional): The config's ``default_scope``.
        where (str): How the messages name the dataset
            (``'train_dataloader'``).
        model (dict, optional): The model's config (the pose check reads
            its head's ``out_channels``).
        training (bool): The dataset is trained on, not validated with:
            every class needs samples.
        strict (bool): Annotations that would be lost stop the run.

    Returns:
        DataReport | None: What was found; None for a dataset whose format
        no check reads.

    Raises:
        DataError: A structural problem, or (with ``strict``) a loss.
    """
    scope = dataset_cfg.get('_scope_', scope)  # as MMEngine builds it
    dataset_cls = dataset_class(scope, dataset_cfg.get('type'))
    check = check_for(dataset_cls) if dataset_cls is not None else None
    if check is None:
        return None
    ctx = DatasetContext(f'{where} ({dataset_cls.__name__})', dataset_cfg,
                         dataset_cls, scope, model, training)
    report = check(ctx)
    report.finish(strict)
    return report
