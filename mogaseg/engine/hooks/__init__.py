from .atomic_checkpoint_hook import AtomicCheckpointHook, atomic_write
from .checkpoint_fit_hook import CheckpointFitHook
from .deploy_hook import DeployHook
from .epoch_seed_hook import EpochSeedHook
from .finite_loss_hook import FiniteLossHook, NonFiniteLossError
from .label_range_hook import LabelOutOfRangeError, LabelRangeHook
from .png_det_visualization_hook import PNGDetVisualizationHook
from .video_visualization_hook import VideoVisualizationHook
from .weights_only_checkpoint_hook import (WeightsOnlyCheckpointHook,
                                           decode_state, encode_state)

__all__ = [
    'CheckpointFitHook',
    'AtomicCheckpointHook', 'atomic_write', 'DeployHook', 'EpochSeedHook',
    'FiniteLossHook', 'NonFiniteLossError', 'LabelRangeHook',
    'LabelOutOfRangeError',
    'PNGDetVisualizationHook', 'VideoVisualizationHook',
    'WeightsOnlyCheckpointHook', 'decode_state',
    'encode_state'
]
