from .ade20k import ADE_SHAPES, make_ade20k_like, scene_labels
from .coco import COCO_SHAPES, make_coco_like, mask_to_polygons
from .imagenet import make_imagenet_like, render_shape_image
from .keypoints import make_coco_keypoints_like, random_pose
from .shapes import SHAPES, draw_shape, render_scene

__all__ = [
    'ADE_SHAPES', 'COCO_SHAPES', 'SHAPES', 'draw_shape', 'make_ade20k_like',
    'make_coco_keypoints_like', 'make_coco_like', 'make_imagenet_like',
    'mask_to_polygons', 'random_pose', 'render_scene', 'render_shape_image',
    'scene_labels'
]
