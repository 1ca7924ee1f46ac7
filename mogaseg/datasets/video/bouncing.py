"""Moving MNIST's sequences: digits that fly in straight lines across a
black canvas and bounce off its edges.

Each digit starts at a uniformly random place, heading in a uniformly random
direction, and moves ``step_length`` of the free span (canvas side minus
digit side) per frame; at an edge the position is clamped and that velocity
component flips. Overlapping digits combine by the pixel-wise maximum. This
is the generator of the release's Moving MNIST training data, so the
sequences have its statistics; with the same seed of Python's ``random`` it
draws the same numbers in the same order.

``rng`` is anything with the methods of :mod:`random`: the module itself
(its global state, which MMEngine seeds per worker) or a
``random.Random(seed)`` for a fixed set.
"""
import math
from typing import Tuple

import numpy as np

#: Movement per frame, as a fraction of the free span.
STEP_LENGTH = 0.1


def random_trajectory(num_frames: int, span: Tuple[int, int], rng,
                      step_length: float = STEP_LENGTH
                      ) -> Tuple[np.ndarray, np.ndarray]:
    """Top-left corners of one bouncing digit.

    Args:
        num_frames (int): Length of the trajectory.
        span (tuple[int, int]): Free span (rows, cols): canvas side minus
            digit side; the corner stays in ``[0, span]``.
        rng: Source of randomness (see the module's docstring).
        step_length (float): Movement per frame as a fraction of the span.

    Returns:
        tuple[np.ndarray, np.ndarray]: int32 rows and cols, one per frame.
    """
    # positions in [0, 1], scaled to the span at the end
    x = rng.random()
    y = rng.random()
    theta = rng.random() * 2 * math.pi
    v_y, v_x = np.sin(theta), np.cos(theta)
    bounce_y = bounce_x = 1
    ys = np.zeros(num_frames)
    xs = np.zeros(num_frames)
    for t in range(num_frames):
        y += bounce_y * v_y * step_length
        x += bounce_x * v_x * step_length
        if x <= 0:
            x, bounce_x = 0, -bounce_x
        if x >= 1.0:
            x, bounce_x = 1.0, -bounce_x
        if y <= 0:
            y, bounce_y = 0, -bounce_y
        if y >= 1.0:
            y, bounce_y = 1.0, -bounce_y
        ys[t], xs[t] = y, x
    return ((span[0] * ys).astype(np.int32),
            (span[1] * xs).astype(np.int32))


def render_bouncing_digits(digits: np.ndarray, num_digits: int,
                           num_frames: int, image_size: int, rng,
                           step_length: float = STEP_LENGTH) -> np.ndarray:
    """One sequence of ``num_digits`` digits, each drawn at random from
    ``digits``, bouncing on a black ``image_size`` square canvas.

    Args:
        digits (np.ndarray): uint8 digit images, (count, rows, cols).
        num_digits (int): Digits in the sequence.
        num_frames (int): Frames in the sequence.
        image_size (int): Side of the canvas, at least the digits' sides.
        rng: Source of randomness (see the module's docstring).
        step_length (float): See :func:`random_trajectory`.

    Returns:
        np.ndarray: uint8 frames of shape (num_frames, image_size,
        image_size).
    """
    rows, cols = digits.shape[1:]
    if rows > image_size or cols > image_size:
        raise ValueError(f'{rows}x{cols} digits do not fit a {image_size}'
                         f'x{image_size} canvas')
    frames = np.zeros((num_frames, image_size, image_size), np.uint8)
    span = (image_size - rows, image_size - cols)
    for _ in range(num_digits):
        tops, lefts = random_trajectory(num_frames, span, rng, step_length)
        digit = digits[rng.randint(0, len(digits) - 1)]
        for frame, top, left in zip(frames, tops, lefts):
            window = frame[top:top + rows, left:left + cols]
            np.maximum(window, digit, out=window)
    return frames
