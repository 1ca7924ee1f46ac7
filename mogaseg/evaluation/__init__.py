"""Metrics of the tasks no task library covers (video prediction)."""
