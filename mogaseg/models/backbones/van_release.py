"""The VAN releases' checkpoint files (VAN-Classification,
VAN-Segmentation), as checkpoint filters onto mmpretrain's VAN names."""
import re
from typing import Mapping

from ..families import (ReleaseFormat, backbone_filter, classifier_filter,
                        is_bare, state_dict_of, strip_prefix)

#: A key only VAN's backbone has (the release's ``block1`` or ours).
KEY_MARKER = r'^blocks?\d\.\d+\.attn\.spatial_gating_unit\.'


def van_backbone_key(key: str) -> str:
    """A VAN-Classification / VAN-Segmentation backbone key -> mmpretrain's
    VAN name."""
    key = re.sub(r'^block(\d)', r'blocks\1', key)
    key = re.sub(r'^(patch_embed\d)\.proj\.', r'\1.projection.', key)
    key = key.replace('spatial_gating_unit.conv0.',
                      'spatial_gating_unit.DW_conv.')
    key = key.replace('spatial_gating_unit.conv_spatial.',
                      'spatial_gating_unit.DW_D_conv.')
    return key.replace('.dwconv.dwconv.', '.dwconv.')


def _official_van(state_dict: Mapping) -> bool:
    """The releases' names (``block1.0.attn...``), bare or in a
    segmentor."""
    keys = strip_prefix(state_dict, 'backbone.') or list(state_dict)
    return any(re.match(r'^block\d\.\d+\.attn\.spatial_gating_unit\.', k)
               for k in keys)


RELEASE_FORMATS = (
    ReleaseFormat(
        name='VAN ImageNet release (VAN-Classification)',
        matches=lambda c: is_bare(state_dict_of(c)) and _official_van(
            state_dict_of(c)),
        convert=lambda c: classifier_filter(van_backbone_key)(
            state_dict_of(c)),
        added_prefix='backbone.'),
    ReleaseFormat(
        name='VAN-Segmentation release (MMSegmentation 0.x)',
        matches=lambda c: not is_bare(state_dict_of(c)) and _official_van(
            state_dict_of(c)),
        convert=backbone_filter(van_backbone_key)),
)
