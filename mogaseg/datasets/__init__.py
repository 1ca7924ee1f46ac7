from .synthetic import (make_ade20k_like, make_coco_keypoints_like,
                        make_coco_like, make_imagenet_like)
from .transforms import (CheckKeypoints, CheckSegLabels, LoadImageFromFile,
                         UnreadableImageError)
from .video import (MovingFashionMNIST, MovingMNIST, TaxiBJ, WeatherBench,
                    make_moving_mnist_demo)

__all__ = [
    'CheckKeypoints', 'CheckSegLabels', 'LoadImageFromFile',
    'MovingFashionMNIST', 'MovingMNIST', 'TaxiBJ', 'UnreadableImageError',
    'WeatherBench', 'make_ade20k_like', 'make_coco_keypoints_like',
    'make_coco_like', 'make_imagenet_like', 'make_moving_mnist_demo'
]
