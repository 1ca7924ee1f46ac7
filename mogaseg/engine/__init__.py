from .hooks import WeightsOnlyCheckpointHook
from .launch import (add_launch_args, build_runner, load_config,
                     parse_launch_args, setup_test_cfg, setup_train_cfg)

__all__ = [
    'WeightsOnlyCheckpointHook', 'add_launch_args', 'build_runner',
    'load_config', 'parse_launch_args', 'setup_test_cfg', 'setup_train_cfg'
]
