"""A small, learnable instance-segmentation dataset in the COCO layout.

::

    root/
    ├── train2017/000000000001.jpg ...
    ├── val2017/000000000001.jpg ...
    └── annotations/
        ├── instances_train2017.json
        └── instances_val2017.json

The JSON files are standard COCO instance annotations (``images``,
``annotations`` with ``bbox`` [x, y, w, h], polygon ``segmentation``,
``area``, ``iscrowd``; ``categories``), read by mmdet's ``CocoDataset`` and
scored by its ``CocoMetric`` (pycocotools). Each image holds one to
``max_objects`` non-overlapping shapes (:mod:`.shapes`) of the classes.
"""
import json
import os
import os.path as osp
from typing import Callable, List, Optional

import cv2
import numpy as np
from PIL import Image

from .marker import is_complete, mark_complete
from .shapes import render_scene

# Shapes without holes, so that one outer polygon describes each mask.
COCO_SHAPES = ('circle', 'square', 'triangle', 'cross', 'star')


def mask_to_polygons(mask: np.ndarray) -> List[List[float]]:
    """Outer contours of a binary mask as COCO polygons ``[x1, y1, ...]``
    (at least three points each)."""
    contours, _ = cv2.findContours(
        mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    polygons = []
    for contour in contours:
        if len(contour) >= 3:
            polygons.append(contour.reshape(-1).astype(float).tolist())
    return polygons


def _write_split(root, split, num_images, classes, image_size, max_objects,
                 rng, say):
    os.makedirs(osp.join(root, f'{split}2017'), exist_ok=True)
    images, annotations = [], []
    for image_id in range(1, num_images + 1):
        image, objects = render_scene(classes, image_size, max_objects, rng)
        file_name = f'{image_id:012d}.jpg'
        Image.fromarray(image).save(
            osp.join(root, f'{split}2017', file_name), quality=95)
        images.append(
            dict(
                id=image_id,
                file_name=file_name,
                height=image_size,
                width=image_size))
        for label, mask in objects:
            ys, xs = np.nonzero(mask)
            x0, y0 = int(xs.min()), int(ys.min())
            annotations.append(
                dict(
                    id=len(annotations) + 1,
                    image_id=image_id,
                    category_id=label + 1,
                    bbox=[
                        x0, y0,
                        int(xs.max()) - x0 + 1,
                        int(ys.max()) - y0 + 1
                    ],
                    area=int(mask.sum()),
                    segmentation=mask_to_polygons(mask),
                    iscrowd=0))
    categories = [
        dict(id=i + 1, name=name, supercategory='shape')
        for i, name in enumerate(classes)
    ]
    with open(osp.join(root, 'annotations', f'instances_{split}2017.json'),
              'w') as f:
        json.dump(
            dict(
                images=images,
                annotations=annotations,
                categories=categories), f)
    say(f'{split}: {num_images} images, {len(annotations)} objects written')


def make_coco_like(root: str,
                   num_classes: int = 4,
                   train_images: int = 200,
                   val_images: int = 50,
                   image_size: int = 128,
                   max_objects: int = 3,
                   seed: int = 0,
                   progress: Optional[Callable[[str], None]] = None) -> dict:
    """Write the dataset under ``root`` unless an identical one is there.

    Args:
        root (str): Output directory.
        num_classes (int): Number of classes, at most ``len(COCO_SHAPES)``;
            class ``i`` is ``COCO_SHAPES[i]``, category id ``i + 1``.
        train_images (int): Images in ``train2017``.
        val_images (int): Images in ``val2017``.
        image_size (int): Side of the square images.
        max_objects (int): Most objects in one image.
        seed (int): Seed of all the randomness.
        progress (callable, optional): Called with a status line now and then.

    Returns:
        dict: The generation settings, plus ``reused`` and ``classes``.
    """
    if not 1 <= num_classes <= len(COCO_SHAPES):
        raise ValueError(f'num_classes must be in [1, {len(COCO_SHAPES)}], '
                         f'got {num_classes}')
    classes = COCO_SHAPES[:num_classes]
    settings = dict(
        layout='coco',
        num_classes=num_classes,
        train_images=train_images,
        val_images=val_images,
        image_size=image_size,
        max_objects=max_objects,
        seed=seed)
    if is_complete(root, settings):
        return dict(settings, reused=True, classes=classes)

    say = progress or (lambda msg: None)
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'annotations'), exist_ok=True)
    _write_split(root, 'train', train_images, classes, image_size,
                 max_objects, rng, say)
    _write_split(root, 'val', val_images, classes, image_size, max_objects,
                 rng, say)
    mark_complete(root, settings)  # last: its presence means complete
    return dict(settings, reused=False, classes=classes)
