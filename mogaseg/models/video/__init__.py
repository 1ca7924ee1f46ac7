"""Video prediction models."""
