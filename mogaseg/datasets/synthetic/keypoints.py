"""A small, learnable person-keypoint dataset in the COCO layout.

::

    root/
    ├── train2017/000000000001.png ...
    ├── val2017/000000000001.png ...
    ├── annotations/
    │   ├── person_keypoints_train2017.json
    │   └── person_keypoints_val2017.json
    └── person_detection_results/
        └── COCO_val2017_detections_AP_H_56_person.json

The JSON files are standard COCO keypoint annotations: per person the 17
COCO keypoints as ``[x, y, v, ...]`` (v: 0 not labelled, 1 labelled but
hidden, 2 visible), ``num_keypoints``, ``bbox`` [x, y, w, h], ``area`` and
``iscrowd``; the category lists the keypoint names and the skeleton. mmpose's
``CocoDataset`` reads them and its ``CocoMetric`` (xtcocotools) scores
against them. The detections file holds the people's boxes, slightly
jittered, with a score: what a person detector gives the top-down test.

Each image shows one or two stick figures facing the viewer (the person's
left on the image's right, as in a photo), with a head, a torso and
jointed limbs at random angles; the person's left limbs are drawn in
another colour than the right ones. Keypoints that fall outside the image
are not labelled; some wrists and ankles are hidden behind a box (v=1).
"""
import json
import math
import os
import os.path as osp
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
from PIL import Image, ImageDraw

from .marker import is_complete, mark_complete
from .shapes import noisy_background, random_colors

KEYPOINTS = ('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
             'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
             'left_wrist', 'right_wrist', 'left_hip', 'right_hip',
             'left_knee', 'right_knee', 'left_ankle', 'right_ankle')
# COCO's skeleton (1-based keypoint indices), as in its annotation files
SKELETON = [[16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12],
            [7, 13], [6, 7], [6, 8], [7, 9], [8, 10], [9, 11], [2, 3],
            [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7]]
DETECTIONS = osp.join('person_detection_results',
                      'COCO_val2017_detections_AP_H_56_person.json')


def _limb(start: np.ndarray, length: float, angle: float) -> np.ndarray:
    """The end of a limb of ``length`` from ``start`` at ``angle`` (radians,
    0 pointing down the image)."""
    return start + length * np.array([math.sin(angle), math.cos(angle)])


def random_pose(rng: np.random.Generator, center: Tuple[float, float],
                height: float) -> np.ndarray:
    """The 17 COCO keypoints (x, y) of a figure ``height`` pixels tall
    whose hips are centred at ``center``, with random limb angles."""
    unit = height / 7.
    hips_mid = np.asarray(center, dtype=float)
    lean = rng.uniform(-0.25, 0.25)
    neck = _limb(hips_mid, 2.6 * unit, math.pi + lean)
    points = np.zeros((17, 2))
    across = np.array([math.cos(lean), -math.sin(lean)])  # to the image right
    # facing the viewer: the person's left is on the image's right
    points[5] = neck + 0.9 * unit * across  # left shoulder
    points[6] = neck - 0.9 * unit * across
    points[11] = hips_mid + 0.6 * unit * across  # left hip
    points[12] = hips_mid - 0.6 * unit * across
    head = _limb(neck, 1.0 * unit, math.pi + lean)
    points[0] = head + 0.15 * unit * np.array([0., 1.])  # nose
    for eye, ear, side in ((1, 3, 1.), (2, 4, -1.)):
        points[eye] = head + unit * (0.22 * side * across - [0., 0.15])
        points[ear] = head + unit * 0.45 * side * across
    for side, (shoulder, elbow, wrist, hip, knee, ankle) in (
            (1., (5, 7, 9, 11, 13, 15)), (-1., (6, 8, 10, 12, 14, 16))):
        # arms hang and swing out to their side; legs step
        upper = side * rng.uniform(0.1, 1.6) + lean
        points[elbow] = _limb(points[shoulder], 1.4 * unit, upper)
        points[wrist] = _limb(points[elbow], 1.2 * unit,
                              upper + side * rng.uniform(-0.8, 1.2))
        thigh = side * rng.uniform(0.0, 0.5)
        points[knee] = _limb(points[hip], 1.7 * unit, thigh)
        points[ankle] = _limb(points[knee], 1.6 * unit,
                              thigh + rng.uniform(-0.4, 0.4))
    return points


def draw_figure(draw: ImageDraw.ImageDraw, points: np.ndarray, unit: float,
                colors: Dict[str, Tuple[int, int, int]]) -> None:
    """Draw a stick figure: limbs as thick lines (the person's left and
    right in their own colours), the torso, and the head with its face."""
    width = max(2, int(round(unit * 0.45)))

    def line(a, b, color):
        draw.line([tuple(points[a]), tuple(points[b])], fill=color,
                  width=width)

    for a, b in ((5, 6), (11, 12), (5, 11), (6, 12)):
        line(a, b, colors['torso'])
    for a, b in ((5, 7), (7, 9), (11, 13), (13, 15)):
        line(a, b, colors['left'])
    for a, b in ((6, 8), (8, 10), (12, 14), (14, 16)):
        line(a, b, colors['right'])
    head = (points[3] + points[4]) / 2
    radius = 0.55 * unit
    draw.ellipse([tuple(head - radius), tuple(head + radius)],
                 fill=colors['torso'])
    dot = max(1., 0.12 * unit)
    for k, color in ((0, 'right'), (1, 'left'), (2, 'right')):
        draw.ellipse([tuple(points[k] - dot), tuple(points[k] + dot)],
                     fill=colors[color])


def _visibility(points: np.ndarray, image_size: int,
                rng: np.random.Generator) -> np.ndarray:
    inside = ((points >= 0) & (points < image_size)).all(axis=1)
    visibility = np.where(inside, 2, 0)
    # a wrist or an ankle now and then behind a box: labelled, not visible
    for k in (9, 10, 15, 16):
        if inside[k] and rng.random() < 0.1:
            visibility[k] = 1
    return visibility


def _write_split(root: str, split: str, num_images: int, image_size: int,
                 max_people: int, rng: np.random.Generator,
                 say: Callable[[str], None]) -> List[dict]:
    os.makedirs(osp.join(root, f'{split}2017'), exist_ok=True)
    images, annotations = [], []
    for image_id in range(1, num_images + 1):
        background, _ = random_colors(rng)
        image = Image.fromarray(
            noisy_background(rng, (image_size, image_size), background))
        draw = ImageDraw.Draw(image)
        num_people = int(rng.integers(1, max_people + 1))
        for slot in range(num_people):
            height = rng.uniform(0.55, 0.85) * image_size
            # people side by side, their hips at mid height or a bit below
            cx = (slot + rng.uniform(0.35, 0.65)) * image_size / num_people
            cy = rng.uniform(0.5, 0.6) * image_size
            points = random_pose(rng, (cx, cy), height)
            _, left = random_colors(rng)
            right = 255 - left
            torso = rng.integers(0, 256, size=3)
            draw_figure(draw, points, height / 7.,
                        dict(left=tuple(int(c) for c in left),
                             right=tuple(int(c) for c in right),
                             torso=tuple(int(c) for c in torso)))
            visibility = _visibility(points, image_size, rng)
            hidden_boxes = points[visibility == 1]
            for x, y in hidden_boxes:
                size = height / 14.
                draw.rectangle([x - size, y - size, x + size, y + size],
                               fill=tuple(int(c) for c in background))
            labelled = points[visibility > 0]
            x0, y0 = np.clip(labelled.min(axis=0) - height / 14., 0,
                             image_size - 1)
            x1, y1 = np.clip(labelled.max(axis=0) + height / 14., 0,
                             image_size - 1)
            keypoints = np.concatenate(
                [np.where(visibility[:, None] > 0, points, 0.),
                 visibility[:, None]], axis=1)
            annotations.append(
                dict(
                    id=len(annotations) + 1,
                    image_id=image_id,
                    category_id=1,
                    keypoints=[round(float(v), 2)
                               for v in keypoints.reshape(-1)],
                    num_keypoints=int((visibility > 0).sum()),
                    bbox=[round(float(v), 2)
                          for v in (x0, y0, x1 - x0, y1 - y0)],
                    area=round(float((x1 - x0) * (y1 - y0)), 2),
                    iscrowd=0))
        file_name = f'{image_id:012d}.png'
        image.save(osp.join(root, f'{split}2017', file_name))
        images.append(
            dict(id=image_id, file_name=file_name, height=image_size,
                 width=image_size))
    categories = [
        dict(id=1, name='person', supercategory='person',
             keypoints=list(KEYPOINTS), skeleton=SKELETON)
    ]
    with open(osp.join(root, 'annotations',
                       f'person_keypoints_{split}2017.json'), 'w') as f:
        json.dump(dict(images=images, annotations=annotations,
                       categories=categories), f)
    say(f'{split}: {num_images} images, {len(annotations)} people written')
    return annotations


def _write_detections(root: str, annotations: List[dict],
                      rng: np.random.Generator) -> None:
    """The people's boxes as a detector would give them: a few pixels off,
    with a score."""
    detections = []
    for ann in annotations:
        x, y, w, h = ann['bbox']
        jitter = rng.normal(0, 0.03, size=4) * [w, h, w, h]
        detections.append(
            dict(image_id=ann['image_id'], category_id=1,
                 bbox=[round(float(v), 2)
                       for v in np.array([x, y, w, h]) + jitter],
                 score=round(float(rng.uniform(0.8, 1.0)), 3)))
    os.makedirs(osp.join(root, osp.dirname(DETECTIONS)), exist_ok=True)
    with open(osp.join(root, DETECTIONS), 'w') as f:
        json.dump(detections, f)


def make_coco_keypoints_like(
        root: str,
        train_images: int = 300,
        val_images: int = 60,
        image_size: int = 128,
        max_people: int = 2,
        seed: int = 0,
        progress: Optional[Callable[[str], None]] = None) -> dict:
    """Write the dataset under ``root`` unless an identical one is there.

    Args:
        root (str): Output directory.
        train_images (int): Images in ``train2017``.
        val_images (int): Images in ``val2017``.
        image_size (int): Side of the square images.
        max_people (int): Most people in one image.
        seed (int): Seed of all the randomness.
        progress (callable, optional): Called with a status line now and then.

    Returns:
        dict: The generation settings, plus ``reused``.
    """
    if max_people < 1:
        raise ValueError(f'max_people must be >= 1, got {max_people}')
    settings = dict(
        layout='coco-keypoints',
        train_images=train_images,
        val_images=val_images,
        image_size=image_size,
        max_people=max_people,
        seed=seed)
    if is_complete(root, settings):
        return dict(settings, reused=True)

    say = progress or (lambda msg: None)
    rng = np.random.default_rng(seed)
    os.makedirs(osp.join(root, 'annotations'), exist_ok=True)
    _write_split(root, 'train', train_images, image_size, max_people, rng,
                 say)
    val = _write_split(root, 'val', val_images, image_size, max_people, rng,
                       say)
    _write_detections(root, val, rng)
    mark_complete(root, settings)  # last: its presence means complete
    return dict(settings, reused=False)
