from .checkpointed_block import CheckpointedBlock
from .element_scale import ElementScale
from .onednn_fused import conv_act, linear_act, linear_binary
from .memory_format import (check_channels_last, is_channels_last,
                            working_memory_format)
from .fusion import bn_affine, fuse_bn_conv, fuse_conv_bn, scale_conv
from .reference_impl import (reference_impl, set_reference_impl,
                             use_reference_impl)
from .same_padding import SamePadAvgPool2d, same_padding
from .scaled_residual import scaled_residual
from .relative_position_bias import (RelativePositionBias2d,
                                     relative_position_index)
from .window_attention import WindowMultiheadAttention
from .window_partition import (window_padding_mask, window_partition,
                               window_reverse)

__all__ = [
    'CheckpointedBlock', 'ElementScale', 'RelativePositionBias2d',
    'relative_position_index', 'WindowMultiheadAttention',
    'window_padding_mask', 'window_partition', 'window_reverse', 'bn_affine',
    'fuse_bn_conv', 'fuse_conv_bn', 'scale_conv', 'reference_impl',
    'set_reference_impl', 'use_reference_impl', 'scaled_residual',
    'linear_act', 'linear_binary', 'conv_act', 'check_channels_last',
    'is_channels_last', 'working_memory_format', 'SamePadAvgPool2d',
    'same_padding'
]
