"""The SimVP release's checkpoint files (MogaNet and VAN translators), as a
checkpoint filter onto :class:`~mogaseg.models.SimVP`'s names.

The release stores the model's state dict, bare (its ``.pth`` files) or
under ``state_dict`` with a ``model.`` prefix (its Lightning checkpoints).
Its names: ``enc.enc.i`` / ``dec.dec.i`` for the coder layers (``conv.conv``
or, upsampling, ``conv.conv.0``; ``conv.norm``), ``dec.readout``,
``hid.enc.i.block`` / ``hid.enc.i.reduction`` for the translator. Its
MogaNet blocks keep ``sigma`` as a bare parameter where ours is an
:class:`~mogaseg.models.layers.ElementScale`; its VAN blocks have VAN's
release names.
"""
import re
from collections import OrderedDict
from typing import Mapping

from ..backbones.van_release import van_backbone_key
from ..families import ReleaseFormat, state_dict_of

_MARKER = re.compile(r'^(model\.)?hid\.enc\.\d+\.block\.')


def simvp_key(key: str) -> str:
    """A release key (without ``model.``) -> ours."""
    key = re.sub(r'^enc\.enc\.', 'encoder.layers.', key)
    key = re.sub(r'^dec\.dec\.', 'decoder.layers.', key)
    key = re.sub(r'^dec\.readout\.', 'decoder.readout.', key)
    key = re.sub(r'^hid\.enc\.(\d+)\.reduction\.',
                 r'translator.layers.\1.channel_proj.', key)
    match = re.match(r'^hid\.enc\.(\d+)\.block\.(.*)$', key)
    if match:
        block_key = van_backbone_key(match.group(2))
        block_key = re.sub(r'^(attn|mlp)\.sigma$', r'\1.sigma.scale',
                           block_key)
        return f'translator.layers.{match.group(1)}.block.{block_key}'
    # coder layers: conv.conv(.0) -> conv, conv.norm -> norm
    key = re.sub(r'\.conv\.conv\.(0\.)?', '.conv.', key)
    return key.replace('.conv.norm.', '.norm.')


def is_simvp_release(checkpoint: Mapping) -> bool:
    """Whether ``checkpoint`` holds the release's translator keys."""
    return any(_MARKER.match(k) for k in state_dict_of(checkpoint))


def convert_simvp_release(checkpoint: Mapping) -> 'OrderedDict':
    """The release's checkpoint -> a state dict with our names."""
    return OrderedDict((simvp_key(re.sub(r'^model\.', '', k)), v)
                       for k, v in state_dict_of(checkpoint).items())


RELEASE_FORMAT = ReleaseFormat(
    name='SimVP release (video prediction; MogaNet or VAN translator)',
    matches=is_simvp_release,
    convert=convert_simvp_release)
