"""Drawing for the task that has no task library's visualizer (video
prediction)."""
from .video_grid import draw_video_prediction

__all__ = ['draw_video_prediction']
