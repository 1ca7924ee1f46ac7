"""A small, learnable semantic-segmentation dataset in the ADE20K layout.

::

    root/
    ├── images/training/ADE_train_00000001.jpg ...
    ├── images/validation/ADE_val_00000001.jpg ...
    ├── annotations/training/ADE_train_00000001.png ...
    └── annotations/validation/ADE_val_00000001.png ...

Label PNGs hold ADE20K's raw values: 0 is "unlabeled" (here a thin band
along every shape's outline, as hand-labelled boundaries are), 1..150 the
ADE20K classes. The background is written as class 1 ('wall') and the
``i``-th shape as class ``i + 2`` ('building', 'sky', 'floor', 'tree', ...),
so mmseg's ``ADE20KDataset`` reads the data with its 150 classes and
``reduce_zero_label=True`` exactly as the real one.
"""
import os
import os.path as osp
from typing import Callable, Optional

import cv2
import numpy as np
from PIL import Image

from .marker import is_complete, mark_complete
from .shapes import render_scene

ADE_SHAPES = ('circle', 'square', 'triangle', 'cross', 'star')
UNLABELED, BACKGROUND = 0, 1


def scene_labels(objects, size: int, boundary: int = 1) -> np.ndarray:
    """The raw ADE20K label map of a scene from :func:`render_scene`."""
    labels = np.full((size, size), BACKGROUND, dtype=np.uint8)
    kernel = np.ones((2 * boundary + 1, 2 * boundary + 1), np.uint8)
    for label, mask in objects:
        labels[mask] = label + 2
    for _, mask in objects:
        mask = mask.astype(np.uint8)
        band = cv2.dilate(mask, kernel) != cv2.erode(mask, kernel)
        labels[band] = UNLABELED
    return labels


def make_ade20k_like(root: str,
                     num_classes: int = 4,
                     train_images: int = 200,
                     val_images: int = 50,
                     image_size: int = 128,
                     max_objects: int = 3,
                     seed: int = 0,
                     progress: Optional[Callable[[str], None]] = None
                     ) -> dict:
    """Write the dataset under ``root`` unless an identical one is there.

    Args:
        root (str): Output directory (an ``ADEChallengeData2016`` alike).
        num_classes (int): Number of shape classes, at most
            ``len(ADE_SHAPES)``.
        train_images (int): Images in the training split.
        val_images (int): Images in the validation split.
        image_size (int): Side of the square images.
        max_objects (int): Most shapes in one image.
        seed (int): Seed of all the randomness.
        progress (callable, optional): Called with a status line now and then.

    Returns:
        dict: The generation settings, plus ``reused``.
    """
    if not 1 <= num_classes <= len(ADE_SHAPES):
        raise ValueError(f'num_classes must be in [1, {len(ADE_SHAPES)}], '
                         f'got {num_classes}')
    settings = dict(
        layout='ade20k',
        num_classes=num_classes,
        train_images=train_images,
        val_images=val_images,
        image_size=image_size,
        max_objects=max_objects,
        seed=seed)
    if is_complete(root, settings):
        return dict(settings, reused=True)

    say = progress or (lambda msg: None)
    rng = np.random.default_rng(seed)
    classes = ADE_SHAPES[:num_classes]
    for split, prefix, count in (('training', 'ADE_train', train_images),
                                 ('validation', 'ADE_val', val_images)):
        image_dir = osp.join(root, 'images', split)
        label_dir = osp.join(root, 'annotations', split)
        os.makedirs(image_dir, exist_ok=True)
        os.makedirs(label_dir, exist_ok=True)
        for index in range(1, count + 1):
            image, objects = render_scene(classes, image_size, max_objects,
                                          rng)
            name = f'{prefix}_{index:08d}'
            Image.fromarray(image).save(
                osp.join(image_dir, f'{name}.jpg'), quality=95)
            Image.fromarray(scene_labels(objects, image_size)).save(
                osp.join(label_dir, f'{name}.png'))
        say(f'{split}: {count} images and label maps written')
    mark_complete(root, settings)  # last: its presence means complete
    return dict(settings, reused=False)
