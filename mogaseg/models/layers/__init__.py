from .element_scale import ElementScale

__all__ = ['ElementScale']
