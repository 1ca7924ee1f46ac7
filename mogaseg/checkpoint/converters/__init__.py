from .focalnet import (convert_focalnet_official,
                       focalnet_official_to_backbone, is_focalnet_official,
                       resize_focal_weights)
from .moganet import convert_moganet_official

__all__ = [
    'convert_moganet_official', 'convert_focalnet_official',
    'focalnet_official_to_backbone', 'is_focalnet_official',
    'resize_focal_weights'
]
