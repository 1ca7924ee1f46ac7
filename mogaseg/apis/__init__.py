from .dataset import build_dataset
from .drawing import build_visualizer, draw_sample, show_result
from .inference import inference_model, init_model
from .model import build_model_from_config
from .model_zoo import (get_model, list_models, model_info,
                        published_weights, register_with_mmpretrain,
                        resolve_checkpoint)

__all__ = [
    'build_dataset', 'build_model_from_config', 'build_visualizer',
    'draw_sample', 'get_model', 'inference_model', 'init_model',
    'list_models', 'model_info', 'published_weights',
    'register_with_mmpretrain', 'resolve_checkpoint', 'show_result'
]
