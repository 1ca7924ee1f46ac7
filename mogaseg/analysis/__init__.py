from .complexity import ModelComplexity, count_complexity

__all__ = ['ModelComplexity', 'count_complexity']
