from .batch_chunked import DEFAULT_CHUNK_BYTES, BatchChunkedBlock
from .checkpointed_block import CheckpointedBlock
from .element_scale import ElementScale
from .focal_context import gated_focal_context
from . import onednn
from .fused import FusedConv2d, FusedLinear, SplitLinear
from .fusion import bn_affine, fuse_bn_conv, fuse_conv_bn, scale_conv
from .memory_format import (check_channels_last, is_channels_last,
                            working_memory_format)
from .relative_position_bias import (RelativePositionBias2d,
                                     relative_position_index)
from .same_padding import SamePadAvgPool2d, same_padding
from .window_attention import WindowMultiheadAttention
from .window_partition import (window_padding_mask, window_partition,
                               window_reverse)

__all__ = [
    'DEFAULT_CHUNK_BYTES', 'BatchChunkedBlock', 'CheckpointedBlock',
    'ElementScale', 'gated_focal_context', 'FusedConv2d', 'FusedLinear', 'SplitLinear', 'onednn',
    'RelativePositionBias2d', 'relative_position_index',
    'WindowMultiheadAttention', 'window_padding_mask', 'window_partition',
    'window_reverse', 'bn_affine', 'fuse_bn_conv', 'fuse_conv_bn',
    'scale_conv', 'check_channels_last', 'is_channels_last',
    'working_memory_format', 'SamePadAvgPool2d', 'same_padding'
]
