from .checks import (ConfigError, check_dataset_paths, check_num_classes,
                     check_test_config, check_train_config)
from .hooks import PNGDetVisualizationHook, WeightsOnlyCheckpointHook
from .safe_loading import (UnsafeCheckpointError, register_safe_loaders,
                           safe_torch_load)
from .launch import (add_launch_args, build_runner, load_config,
                     parse_launch_args, setup_test_cfg, setup_train_cfg)

register_safe_loaders()

__all__ = [
    'UnsafeCheckpointError', 'register_safe_loaders', 'safe_torch_load',
    'ConfigError', 'PNGDetVisualizationHook', 'WeightsOnlyCheckpointHook',
    'add_launch_args', 'build_runner', 'check_dataset_paths',
    'check_num_classes',
    'check_test_config', 'check_train_config', 'load_config',
    'parse_launch_args', 'setup_test_cfg', 'setup_train_cfg'
]
