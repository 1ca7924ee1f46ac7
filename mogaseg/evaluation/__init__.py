"""Metrics of the tasks no task library covers (video prediction)."""
from .ssim import structural_similarity

__all__ = ['structural_similarity']
