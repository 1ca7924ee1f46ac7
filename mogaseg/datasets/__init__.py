from .synthetic import make_coco_like, make_imagenet_like

__all__ = ['make_coco_like', 'make_imagenet_like']
