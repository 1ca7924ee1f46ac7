from .checkpointed_block import CheckpointedBlock
from .element_scale import ElementScale
from .relative_position_bias import (RelativePositionBias2d,
                                     relative_position_index)
from .window_attention import WindowMultiheadAttention
from .window_partition import (window_padding_mask, window_partition,
                               window_reverse)

__all__ = [
    'CheckpointedBlock', 'ElementScale', 'RelativePositionBias2d',
    'relative_position_index', 'WindowMultiheadAttention',
    'window_padding_mask', 'window_partition', 'window_reverse'
]
