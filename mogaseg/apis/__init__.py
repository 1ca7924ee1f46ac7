from .model import build_model_from_config

__all__ = ['build_model_from_config']
