"""Procedural shapes: the drawing primitives of the synthetic datasets.

Each shape is drawn into a binary mask by :func:`draw_shape`; datasets paint
masks onto backgrounds with colours of their own choosing. All randomness
comes from the ``numpy.random.Generator`` passed in, so a seed fixes the data.
"""
import math
from typing import Tuple

import numpy as np
from PIL import Image, ImageDraw

SHAPES = ('circle', 'square', 'triangle', 'cross', 'ring', 'star',
          'hstripes', 'vstripes')


def _regular_polygon(cx, cy, radius, sides, angle):
    return [(cx + radius * math.cos(angle + 2 * math.pi * k / sides),
             cy + radius * math.sin(angle + 2 * math.pi * k / sides))
            for k in range(sides)]


def _star(cx, cy, radius, angle, points=5):
    vertices = []
    for k in range(2 * points):
        r = radius if k % 2 == 0 else radius * 0.45
        a = angle + math.pi * k / points
        vertices.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return vertices


def draw_shape(shape: str, canvas: Tuple[int, int], center: Tuple[float,
                                                                   float],
               radius: float, rng: np.random.Generator) -> np.ndarray:
    """Draw one shape as a boolean mask of ``canvas`` (height, width).

    Args:
        shape (str): One of :data:`SHAPES`.
        canvas (tuple[int, int]): Mask height and width.
        center (tuple[float, float]): Shape centre (x, y) in pixels.
        radius (float): Half the shape's extent in pixels.
        rng (numpy.random.Generator): Source of the random rotation.
    """
    height, width = canvas
    mask = Image.new('L', (width, height), 0)
    draw = ImageDraw.Draw(mask)
    cx, cy = center
    angle = float(rng.uniform(0, 2 * math.pi))
    box = [cx - radius, cy - radius, cx + radius, cy + radius]
    if shape == 'circle':
        draw.ellipse(box, fill=1)
    elif shape == 'square':
        draw.polygon(_regular_polygon(cx, cy, radius, 4, angle), fill=1)
    elif shape == 'triangle':
        draw.polygon(_regular_polygon(cx, cy, radius, 3, angle), fill=1)
    elif shape == 'star':
        draw.polygon(_star(cx, cy, radius, angle), fill=1)
    elif shape == 'cross':
        arm = max(radius * 0.35, 1.0)
        draw.rectangle([cx - radius, cy - arm, cx + radius, cy + arm], fill=1)
        draw.rectangle([cx - arm, cy - radius, cx + arm, cy + radius], fill=1)
    elif shape == 'ring':
        draw.ellipse(box, fill=1)
        inner = radius * 0.55
        draw.ellipse([cx - inner, cy - inner, cx + inner, cy + inner], fill=0)
    elif shape in ('hstripes', 'vstripes'):
        period = max(int(radius * 0.5), 4)
        offset = int(rng.integers(0, period))
        for pos in range(-period + offset, 2 * int(radius) + period, period):
            if shape == 'hstripes':
                y = cy - radius + pos
                draw.rectangle([cx - radius, y, cx + radius, y + period // 2],
                               fill=1)
            else:
                x = cx - radius + pos
                draw.rectangle([x, cy - radius, x + period // 2, cy + radius],
                               fill=1)
        clip = Image.new('L', (width, height), 0)
        ImageDraw.Draw(clip).rectangle(box, fill=1)
        return np.asarray(mask, dtype=bool) & np.asarray(clip, dtype=bool)
    else:
        raise ValueError(f'Unknown shape {shape!r}; choose from {SHAPES}')
    return np.asarray(mask, dtype=bool)


def random_colors(rng: np.random.Generator,
                  min_distance: float = 120.) -> Tuple[np.ndarray, np.ndarray]:
    """A background and a foreground RGB colour at least ``min_distance``
    apart (Euclidean, 0-255 scale), so the shape is always visible."""
    background = rng.integers(0, 256, size=3)
    while True:
        foreground = rng.integers(0, 256, size=3)
        if np.linalg.norm(foreground - background) >= min_distance:
            return background.astype(np.uint8), foreground.astype(np.uint8)


def noisy_background(rng: np.random.Generator, size: Tuple[int, int],
                     color: np.ndarray, noise_std: float = 12.) -> np.ndarray:
    """An HxWx3 uint8 image of ``color`` with Gaussian noise."""
    height, width = size
    image = np.empty((height, width, 3), dtype=np.float32)
    image[:] = color
    image += rng.normal(0, noise_std, size=image.shape)
    return np.clip(image, 0, 255).astype(np.uint8)


def render_scene(classes, image_size: int, max_objects: int,
                 rng: np.random.Generator):
    """An image of one to ``max_objects`` shapes of ``classes`` that
    neither touch nor occlude each other, on a noisy background.

    Returns:
        tuple: The HxWx3 uint8 image and a list of ``(label, mask)``, the
        label an index into ``classes`` and the mask a boolean HxW array.
    """
    background, _ = random_colors(rng)
    image = noisy_background(rng, (image_size, image_size), background)
    objects, boxes = [], []
    for _ in range(int(rng.integers(1, max_objects + 1))):
        label = int(rng.integers(len(classes)))
        for _attempt in range(20):
            radius = float(rng.uniform(0.12, 0.25) * image_size)
            cx, cy = rng.uniform(radius, image_size - radius, size=2)
            box = (cx - radius, cy - radius, cx + radius, cy + radius)
            # keep a gap to the others: masks never touch or occlude
            if all(box[0] > b[2] + 2 or box[2] < b[0] - 2 or box[1] > b[3] +
                   2 or box[3] < b[1] - 2 for b in boxes):
                break
        else:
            continue
        mask = draw_shape(classes[label], (image_size, image_size),
                          (cx, cy), radius, rng)
        if mask.sum() < 16:
            continue
        _, foreground = random_colors(rng)
        while np.linalg.norm(foreground.astype(float) - background) < 120:
            _, foreground = random_colors(rng)
        image[mask] = foreground
        boxes.append(box)
        objects.append((label, mask))
    return image, objects
