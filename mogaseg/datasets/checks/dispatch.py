"""Which check reads which dataset: chosen by the dataset's class, as the
config's scope resolves its ``type``, so that subclasses and the
libraries' aliases are checked as the class they read like."""
import importlib
from typing import Callable, Optional

from mmengine.registry import DATASETS

from .coco_instances import check_coco_instances
from .coco_keypoints import check_coco_keypoints
from .context import DatasetContext
from .image_folders import check_image_folder
from .report import DataReport
from .seg_maps import check_seg_maps

# (module, class, method the subclass must not override, check): the
# method is the one whose reading the check reproduces; a subclass with its
# own (mmdet's panoptic COCO, ...) reads another format and is not checked.
_CHECKS = (
    ('mmdet.datasets', 'CocoDataset', 'load_data_list',
     check_coco_instances),
    ('mmpose.datasets.datasets.base', 'BaseCocoStyleDataset',
     '_load_annotations', check_coco_keypoints),
    ('mmseg.datasets', 'BaseSegDataset', None, check_seg_maps),
    ('mmpretrain.datasets', 'CustomDataset', None, check_image_folder),
)


def dataset_class(scope: Optional[str], dataset_type) -> Optional[type]:
    """The class that ``scope``'s registry builds for ``dataset_type``."""
    if isinstance(dataset_type, type):
        return dataset_type
    if not isinstance(dataset_type, str) or not scope:
        return None
    with DATASETS.switch_scope_and_registry(scope) as registry:
        return registry.get(dataset_type)


def _base(module: str, name: str) -> Optional[type]:
    try:
        return getattr(importlib.import_module(module), name)
    except ImportError:  # that task library is not installed
        return None


def check_for(dataset_cls: type
              ) -> Optional[Callable[[DatasetContext], DataReport]]:
    """The check of a dataset class, or None for a format not checked."""
    # import only the libraries the class derives from
    libraries = {cls.__module__.split('.')[0] for cls in dataset_cls.__mro__}
    for module, name, method, check in _CHECKS:
        if module.split('.')[0] not in libraries:
            continue
        base = _base(module, name)
        if base is None or not issubclass(dataset_cls, base):
            continue
        if method and getattr(dataset_cls, method) is not \
                getattr(base, method):
            return None
        return check
    return None
