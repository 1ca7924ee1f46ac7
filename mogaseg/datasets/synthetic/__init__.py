from .imagenet import make_imagenet_like, render_shape_image
from .shapes import SHAPES, draw_shape

__all__ = ['SHAPES', 'draw_shape', 'make_imagenet_like', 'render_shape_image']
