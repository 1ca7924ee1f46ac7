from .weights_only_checkpoint_hook import (WeightsOnlyCheckpointHook,
                                           decode_state, encode_state)

__all__ = ['WeightsOnlyCheckpointHook', 'decode_state', 'encode_state']
