from .synthetic import make_imagenet_like

__all__ = ['make_imagenet_like']
