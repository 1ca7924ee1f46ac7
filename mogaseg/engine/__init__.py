from .build_errors import explain_build_error
from .checks import (ConfigError, check_dataset_paths, check_image_task,
                     check_num_classes, check_test_config,
                     check_train_config)
from .hooks import PNGDetVisualizationHook, WeightsOnlyCheckpointHook
from .strategies import FSDP2Strategy
from .optimizers import LearningRateDecayOptimWrapperConstructor
from .launch import (add_launch_args, build_runner, load_config,
                     parse_launch_args, setup_test_cfg, setup_train_cfg)
from mogaseg.checkpoint import read_checkpoint, register_safe_loaders
from mogaseg.errors import (CheckpointMismatchError, CheckpointNotFoundError,
                            UnsafeCheckpointError, UserError)
from .user_errors import USER_ERRORS, exit_on_user_errors, one_paragraph

__all__ = [
    'CheckpointMismatchError', 'CheckpointNotFoundError', 'ConfigError',
    'LearningRateDecayOptimWrapperConstructor',
    'USER_ERRORS',
    'exit_on_user_errors',
    'PNGDetVisualizationHook', 'UnsafeCheckpointError', 'UserError',
    'WeightsOnlyCheckpointHook', 'add_launch_args', 'build_runner',
    'check_dataset_paths', 'check_image_task', 'check_num_classes',
    'check_test_config',
    'check_train_config', 'explain_build_error', 'load_config',
    'one_paragraph',
    'parse_launch_args', 'read_checkpoint', 'register_safe_loaders',
    'setup_test_cfg', 'setup_train_cfg'
]
