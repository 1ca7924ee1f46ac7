"""The straightforward forward passes of the backbones, written as the
papers describe them: the oracle that the optimised modules are tested
against, and the baseline the benchmark times them against
(``tools/analysis/benchmark.py --baseline``).

Each reference backbone takes the arguments of the backbone it mirrors and
has the same parameter names, so one state dict loads into both. Only the
blocks differ (and MogaNet, VAN and MOAT keep the input's memory format):
stems, patch embeddings and output norms are shared.
"""
from .focalnet import (ReferenceFocalModulation, ReferenceFocalModulationBlock,
                       ReferenceFocalNet)
from .moat import ReferenceMOAT, ReferenceMOATBlock, ReferenceWindowAttention
from .moganet import (ReferenceChannelAggregationFFN, ReferenceMogaBlock,
                      ReferenceMogaNet, ReferenceMultiOrderGatedAggregation)
from .van import ReferenceVAN

# The registered backbone type -> its reference.
REFERENCE_BACKBONES = {
    'mogaseg.MogaNet': ReferenceMogaNet,
    'mogaseg.FocalNet': ReferenceFocalNet,
    'mogaseg.MOAT': ReferenceMOAT,
    'mogaseg.VAN': ReferenceVAN,
}



def build_reference(cfg: dict):
    """The reference of the backbone that config ``cfg`` (a dict with
    ``type``, e.g. ``'mogaseg.MogaNet'`` or ``'MogaNet'``) builds, with the
    same arguments."""
    cfg = dict(cfg)
    type_name = cfg.pop('type')
    if isinstance(type_name, str) and '.' not in type_name:
        type_name = f'mogaseg.{type_name}'
    if type_name not in REFERENCE_BACKBONES:
        raise ValueError(f'no reference backbone for {type_name!r}; there '
                         f'are references of {sorted(REFERENCE_BACKBONES)}')
    return REFERENCE_BACKBONES[type_name](**cfg)


__all__ = [
    'REFERENCE_BACKBONES', 'build_reference', 'ReferenceChannelAggregationFFN',
    'ReferenceFocalModulation', 'ReferenceFocalModulationBlock',
    'ReferenceFocalNet', 'ReferenceMOAT', 'ReferenceMOATBlock',
    'ReferenceMogaBlock', 'ReferenceMogaNet',
    'ReferenceMultiOrderGatedAggregation', 'ReferenceVAN',
    'ReferenceWindowAttention'
]
