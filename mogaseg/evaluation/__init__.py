"""Metrics of the tasks no task library covers (video prediction)."""
from .ssim import structural_similarity
from .video_baselines import TRIVIAL_PREDICTIONS, score_trivial_predictions
from .video_prediction_metric import VideoPredictionMetric

__all__ = [
    'TRIVIAL_PREDICTIONS', 'VideoPredictionMetric',
    'score_trivial_predictions', 'structural_similarity'
]
