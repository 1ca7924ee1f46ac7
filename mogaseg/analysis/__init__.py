from .benchmark import (BenchmarkResult, Optimizations, format_table,
                        run_benchmark)
from .complexity import ModelComplexity, TensorForward, count_complexity
from .targets import ImageClassifier, build_target, parse_backbone_name

__all__ = [
    'BenchmarkResult', 'Optimizations', 'format_table', 'run_benchmark',
    'ModelComplexity', 'TensorForward', 'count_complexity',
    'ImageClassifier', 'build_target', 'parse_backbone_name'
]
