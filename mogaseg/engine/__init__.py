from .hooks import WeightsOnlyCheckpointHook
from .launch import build_runner, setup_test_cfg, setup_train_cfg

__all__ = [
    'WeightsOnlyCheckpointHook', 'build_runner', 'setup_test_cfg',
    'setup_train_cfg'
]
