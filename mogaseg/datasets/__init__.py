from .synthetic import make_ade20k_like, make_coco_like, make_imagenet_like
from .transforms import CheckSegLabels

__all__ = [
    'CheckSegLabels', 'make_ade20k_like', 'make_coco_like',
    'make_imagenet_like'
]
