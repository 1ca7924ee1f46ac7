"""A small, learnable classification dataset in the ImageNet on-disk layout.

::

    root/
    ├── train/n00000000/n00000000_0.JPEG ...   one folder per class (wnid)
    ├── val/ILSVRC2012_val_00000001.JPEG ...   flat, as the real val split
    └── meta/
        ├── train.txt    "n00000000/n00000000_0.JPEG 0" per line
        ├── val.txt      "ILSVRC2012_val_00000001.JPEG 3" per line
        └── classes.txt  one class name per line, in label order

mmpretrain's ``ImageNet`` dataset reads it with ``data_root=root``,
``split='train'|'val'`` and ``classes=root/meta/classes.txt``. Each class is
one procedural shape (:mod:`.shapes`) with a random position, size, rotation,
colours and noise.
"""
import os
import os.path as osp
from typing import Callable, Optional

import numpy as np
from PIL import Image

from .marker import is_complete, mark_complete
from .shapes import SHAPES, draw_shape, noisy_background, random_colors



def _wnid(label: int) -> str:
    return f'n{label:08d}'


def render_shape_image(shape: str, size: int,
                       rng: np.random.Generator) -> np.ndarray:
    """One HxWx3 uint8 image of ``shape`` on a noisy background."""
    background, foreground = random_colors(rng)
    image = noisy_background(rng, (size, size), background)
    radius = float(rng.uniform(0.22, 0.42) * size)
    center = rng.uniform(radius, size - radius, size=2)
    mask = draw_shape(shape, (size, size), tuple(center), radius, rng)
    image[mask] = foreground
    return image


def make_imagenet_like(root: str,
                       num_classes: int = 8,
                       train_per_class: int = 100,
                       val_per_class: int = 25,
                       image_size: int = 64,
                       seed: int = 0,
                       progress: Optional[Callable[[str], None]] = None
                       ) -> dict:
    """Write the dataset under ``root`` unless an identical one is there.

    Args:
        root (str): Output directory.
        num_classes (int): Number of classes, at most ``len(SHAPES)``.
        train_per_class (int): Training images per class.
        val_per_class (int): Validation images per class.
        image_size (int): Side of the square images.
        seed (int): Seed of all the randomness.
        progress (callable, optional): Called with a status line now and then.

    Returns:
        dict: The generation settings (also stored in ``root``), plus
        ``reused=True`` if the data was already there.
    """
    if not 1 < num_classes <= len(SHAPES):
        raise ValueError(f'num_classes must be in [2, {len(SHAPES)}], '
                         f'got {num_classes}')
    settings = dict(
        layout='imagenet',
        num_classes=num_classes,
        train_per_class=train_per_class,
        val_per_class=val_per_class,
        image_size=image_size,
        seed=seed)
    if is_complete(root, settings):
        return dict(settings, reused=True)

    say = progress or (lambda msg: None)
    rng = np.random.default_rng(seed)
    classes = SHAPES[:num_classes]
    os.makedirs(osp.join(root, 'meta'), exist_ok=True)
    os.makedirs(osp.join(root, 'val'), exist_ok=True)

    train_lines = []
    for label, shape in enumerate(classes):
        os.makedirs(osp.join(root, 'train', _wnid(label)), exist_ok=True)
        for k in range(train_per_class):
            rel = f'{_wnid(label)}/{_wnid(label)}_{k}.JPEG'
            Image.fromarray(render_shape_image(shape, image_size, rng)).save(
                osp.join(root, 'train', rel), quality=95)
            train_lines.append(f'{rel} {label}')
        say(f'train: class {label + 1}/{num_classes} ({shape}) written')

    # The real val split is flat, its labels only in meta/val.txt; shuffle
    # so that file order says nothing about the label.
    val_labels = rng.permutation(
        np.repeat(np.arange(num_classes), val_per_class))
    val_lines = []
    for idx, label in enumerate(val_labels, start=1):
        name = f'ILSVRC2012_val_{idx:08d}.JPEG'
        image = render_shape_image(classes[label], image_size, rng)
        Image.fromarray(image).save(
            osp.join(root, 'val', name), quality=95)
        val_lines.append(f'{name} {label}')
    say(f'val: {len(val_lines)} images written')

    for name, lines in (('train.txt', train_lines), ('val.txt', val_lines),
                        ('classes.txt', classes)):
        with open(osp.join(root, 'meta', name), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    mark_complete(root, settings)  # last: its presence means complete
    return dict(settings, reused=False)
