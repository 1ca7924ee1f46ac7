from .synthetic import (make_ade20k_like, make_coco_keypoints_like,
                        make_coco_like, make_imagenet_like)
from .transforms import (CheckKeypoints, CheckSegLabels, LoadImageFromFile,
                         UnreadableImageError)

__all__ = [
    'CheckKeypoints', 'CheckSegLabels', 'LoadImageFromFile',
    'UnreadableImageError',
    'make_ade20k_like', 'make_coco_keypoints_like', 'make_coco_like',
    'make_imagenet_like'
]
