from .benchmark import (BenchmarkResult, Optimizations, format_table,
                        run_benchmark)
from .complexity import (ModelComplexity, TensorForward, count_complexity,
                         example_input)
from .targets import (ImageClassifier, build_target, config_in_shape,
                      last_output_channels, parse_backbone_name)

__all__ = [
    'BenchmarkResult', 'Optimizations', 'format_table', 'run_benchmark',
    'ModelComplexity', 'TensorForward', 'count_complexity', 'example_input',
    'ImageClassifier', 'build_target', 'config_in_shape',
    'last_output_channels', 'parse_backbone_name'
]
