from .layer_decay_constructor import LearningRateDecayOptimWrapperConstructor

__all__ = ['LearningRateDecayOptimWrapperConstructor']
