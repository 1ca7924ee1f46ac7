from .batch_chunked import BatchChunkedBlock
from .checkpointed_block import CheckpointedBlock
from .element_scale import ElementScale
from .fused import (FusedConv2d, FusedLinear, fused_kernels,
                    fused_kernels_apply)
from .memory_format import (check_channels_last, is_channels_last,
                            working_memory_format)
from .fusion import bn_affine, fuse_bn_conv, fuse_conv_bn, scale_conv
from .same_padding import SamePadAvgPool2d, same_padding
from .scaled_residual import scaled_residual
from .split_linear import SplitLinear
from .relative_position_bias import (RelativePositionBias2d,
                                     relative_position_index)
from .window_attention import WindowMultiheadAttention
from .window_partition import (window_padding_mask, window_partition,
                               window_reverse)

__all__ = [
    'BatchChunkedBlock', 'CheckpointedBlock', 'ElementScale',
    'RelativePositionBias2d', 'relative_position_index', 'WindowMultiheadAttention',
    'window_padding_mask', 'window_partition', 'window_reverse', 'bn_affine',
    'fuse_bn_conv', 'fuse_conv_bn', 'scale_conv', 'scaled_residual',
    'FusedConv2d', 'FusedLinear', 'fused_kernels', 'fused_kernels_apply',
    'check_channels_last',
    'is_channels_last', 'working_memory_format', 'SamePadAvgPool2d',
    'same_padding', 'SplitLinear'
]
