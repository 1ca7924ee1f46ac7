"""Video prediction models."""
from .simvp import SimVP
from .spatial_coder import ConvGNSiLU, SpatialDecoder, SpatialEncoder
from .translator import TemporalTranslator, TranslatorLayer

__all__ = [
    'ConvGNSiLU', 'SimVP', 'SpatialDecoder', 'SpatialEncoder',
    'TemporalTranslator', 'TranslatorLayer'
]
