from .focalnet import (convert_focalnet_official,
                       focalnet_official_to_backbone, is_focalnet_official,
                       resize_focal_weights)
from .moat import MOATConversionError, convert_moat_tf
from .moganet import convert_moganet_official

__all__ = [
    'MOATConversionError', 'convert_moat_tf',
    'convert_moganet_official', 'convert_focalnet_official',
    'focalnet_official_to_backbone', 'is_focalnet_official',
    'resize_focal_weights'
]
