from .inference import inference_model, init_model
from .model import build_model_from_config

__all__ = ['build_model_from_config', 'inference_model', 'init_model']
