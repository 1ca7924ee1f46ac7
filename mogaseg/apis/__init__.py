from .dataset import build_dataset
from .drawing import build_visualizer, draw_sample, show_result
from .inference import inference_model, init_model
from .model import build_model_from_config

__all__ = [
    'build_dataset', 'build_model_from_config', 'build_visualizer',
    'draw_sample', 'inference_model', 'init_model', 'show_result'
]
