"""Video prediction datasets (sequences of frames in, later frames out)."""
