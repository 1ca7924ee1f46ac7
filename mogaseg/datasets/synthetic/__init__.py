from .coco import COCO_SHAPES, make_coco_like, mask_to_polygons
from .imagenet import make_imagenet_like, render_shape_image
from .shapes import SHAPES, draw_shape

__all__ = [
    'COCO_SHAPES', 'SHAPES', 'draw_shape', 'make_coco_like',
    'make_imagenet_like', 'mask_to_polygons', 'render_shape_image'
]
