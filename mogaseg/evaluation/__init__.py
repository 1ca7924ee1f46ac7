"""Metrics of the tasks no task library covers (video prediction)."""
from .ssim import structural_similarity
from .video_prediction_metric import VideoPredictionMetric

__all__ = ['VideoPredictionMetric', 'structural_similarity']
