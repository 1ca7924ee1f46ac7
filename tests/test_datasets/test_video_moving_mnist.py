"""Moving MNIST read from files written here in the release's layouts: the
idx3 training images (gzip) and the (frames, N, 64, 64) uint8 test array."""
import gzip
import pickle
import random
import struct

import numpy as np
import pytest
import torch
from mmengine.dataset import default_collate

from mogaseg.datasets import MovingFashionMNIST, MovingMNIST
from mogaseg.datasets.video import random_trajectory
from mogaseg.errors import DataError
from mogaseg.registry import DATASETS

DIGIT = 28


def write_idx3(path, images, magic=2051, count=None):
    """The idx3 layout, written here rather than by the package's writer:
    big-endian int32 magic, count, rows, cols, then the uint8 pixels."""
    count = len(images) if count is None else count
    header = struct.pack('>iiii', magic, count, *images.shape[1:])
    with gzip.open(path, 'wb') as f:
        f.write(header + images.astype(np.uint8).tobytes())


def solid_digits(values):
    """Full 28x28 squares, each of one value: where a digit is and which
    one it is can be read off any frame."""
    return np.stack([np.full((DIGIT, DIGIT), v, np.uint8) for v in values])


def build(**kwargs):
    return DATASETS.build(dict(type='mogaseg.MovingMNIST', **kwargs))


@pytest.fixture
def test_array(tmp_path):
    rng = np.random.default_rng(0)
    array = rng.integers(0, 256, (20, 6, 64, 64), dtype=np.uint8)
    np.save(tmp_path / 'mnist_test_seq.npy', array)
    return array


def test_test_item_is_the_fixed_sequence_over_255(tmp_path, test_array):
    dataset = build(data_root=str(tmp_path), test_mode=True)
    assert len(dataset) == 6 and dataset.split == 'test'
    item = dataset[4]
    assert item['sample_idx'] == 4
    assert item['inputs'].dtype == item['targets'].dtype == torch.float32
    assert item['inputs'].shape == item['targets'].shape == (10, 1, 64, 64)
    expected = torch.from_numpy(test_array[:, 4, None] / 255.).float()
    assert torch.equal(item['inputs'], expected[:10])
    assert torch.equal(item['targets'], expected[10:])
    # the same on every call, whatever the global random state
    random.seed(1)
    again = dataset[4]
    assert torch.equal(again['inputs'], item['inputs'])
    assert dataset.metainfo == dict(mean=0.0, std=1.0)


def test_fewer_frames_take_the_first_of_each_sequence(tmp_path, test_array):
    dataset = build(data_root=str(tmp_path), split='test', frames_in=3,
                    frames_out=2)
    item = dataset[0]
    assert item['inputs'].shape == (3, 1, 64, 64)
    assert torch.equal(item['targets'][:, 0],
                       torch.from_numpy(test_array[3:5, 0] / 255.).float())


def test_collated_batch_is_batch_first(tmp_path, test_array):
    dataset = build(data_root=str(tmp_path), split='test')
    batch = default_collate([dataset[i] for i in range(3)])
    assert batch['inputs'].shape == (3, 10, 1, 64, 64)
    assert batch['sample_idx'].tolist() == [0, 1, 2]


def test_pickled_test_split_leaves_the_array_on_disk(tmp_path, test_array):
    dataset = build(data_root=str(tmp_path), split='test')
    payload = pickle.dumps(dataset)
    assert len(payload) < 10_000  # the array is 4.9 MB
    copy = pickle.loads(payload)
    assert torch.equal(copy[2]['targets'], dataset[2]['targets'])


def test_training_sequences_bounce_two_digits_in_the_canvas(tmp_path):
    # 200 distinct digits: each square's value names the digit
    write_idx3(tmp_path / 'train-images-idx3-ubyte.gz',
               solid_digits(range(40, 240)))
    dataset = build(data_root=str(tmp_path), length=7)
    assert len(dataset) == 7
    random.seed(0)
    for idx in range(len(dataset)):
        item = dataset[idx]
        frames = torch.cat([item['inputs'], item['targets']])
        assert frames.shape == (20, 1, 64, 64)
        assert frames.dtype == torch.float32
        assert 0 <= frames.min() and frames.max() <= 1
        pixels = np.rint(frames[:, 0].numpy() * 255).astype(int)
        digits = set(np.unique(pixels).tolist()) - {0}
        assert len(digits) == 2  # two distinct digits drawn (seed 0)
        corners = []
        for frame in pixels:
            # the brighter square lies on top (pixel-wise maximum): all of
            # it shows, a full 28x28 block inside the canvas
            ys, xs = np.nonzero(frame == max(digits))
            assert len(ys) == DIGIT * DIGIT
            assert ys.max() - ys.min() == xs.max() - xs.min() == DIGIT - 1
            corners.append((ys.min(), xs.min()))
            assert (frame > 0).sum() >= DIGIT * DIGIT
        steps = np.abs(np.diff(np.array(corners), axis=0))
        # 0.1 of the free span (64 - 28) per frame, rounded down after
        assert steps.max() <= 4
        assert np.array(corners).max() <= 64 - DIGIT


def test_training_items_follow_the_global_seed(tmp_path):
    write_idx3(tmp_path / 'train-images-idx3-ubyte.gz',
               solid_digits(range(40, 240)))
    dataset = build(data_root=str(tmp_path))
    random.seed(3)
    first = dataset[0]['inputs']
    random.seed(3)
    assert torch.equal(dataset[5]['inputs'], first)
    assert not torch.equal(dataset[5]['inputs'], first)


def test_num_objects_sets_the_digits_per_sequence(tmp_path):
    write_idx3(tmp_path / 'train-images-idx3-ubyte.gz',
               solid_digits(range(40, 240)))
    dataset = build(data_root=str(tmp_path), num_objects=[3])
    random.seed(0)
    frame = np.rint(dataset[0]['inputs'][0, 0].numpy() * 255)
    assert len(set(np.unique(frame).tolist()) - {0}) == 3


def test_trajectory_matches_the_releases_generator():
    # Reference: the release's MovingMNIST.get_random_trajectory(20) after
    # random.seed(0) (64x64 canvas, 28x28 digits), run outside CI. It
    # bounces off the bottom (36) and the left edge (0).
    random.seed(0)
    tops, lefts = random_trajectory(20, (36, 36), random)
    assert tops.tolist() == [29, 30, 32, 34, 35, 36, 34, 32, 30, 29, 27, 25,
                             23, 22, 20, 18, 17, 15, 13, 11]
    assert lefts.tolist() == [27, 24, 20, 17, 14, 11, 8, 5, 1, 0, 3, 6, 9,
                              12, 15, 18, 22, 25, 28, 31]


def test_fashion_reads_its_own_test_file(tmp_path, test_array):
    np.save(tmp_path / 'fmnist_test_seq.npy', test_array[:, :2])
    dataset = DATASETS.build(dict(type='mogaseg.MovingFashionMNIST',
                                  data_root=str(tmp_path), split='test'))
    assert isinstance(dataset, MovingFashionMNIST)
    assert isinstance(dataset, MovingMNIST) and len(dataset) == 2


def _npy(path, array):
    np.save(path, array)


@pytest.mark.parametrize('write, expected', [
    (lambda p: None, 'no such file'),
    (lambda p: _npy(p, np.zeros((20, 2, 64, 64), np.float32)), 'float32'),
    (lambda p: _npy(p, np.zeros((20, 64, 64), np.uint8)), '(20, 64, 64)'),
    (lambda p: _npy(p, np.zeros((12, 2, 64, 64), np.uint8)), 'frames >= 20'),
    (lambda p: _npy(p, np.zeros((20, 2, 32, 32), np.uint8)), '(20, 2, 32'),
    (lambda p: p.write_bytes(b'not an array'), 'unreadable'),
], ids=['missing', 'dtype', 'ndim', 'frames', 'size', 'not_npy'])
def test_bad_test_array_names_the_file(tmp_path, write, expected):
    path = tmp_path / 'mnist_test_seq.npy'
    write(path)
    with pytest.raises(DataError) as err:
        build(data_root=str(tmp_path), split='test')
    message = str(err.value)
    assert str(path) in message and expected in message
    assert 'uint8, shape (frames >= 20, N, 64, 64)' in message
    assert '\n' not in message


def test_truncated_test_array_names_the_file(tmp_path, test_array):
    path = tmp_path / 'mnist_test_seq.npy'
    path.write_bytes(path.read_bytes()[:50_000])
    with pytest.raises(DataError, match='mnist_test_seq.npy: unreadable'):
        build(data_root=str(tmp_path), split='test')


def _truncated_gzip(path):
    write_idx3(path, solid_digits([1, 2, 3]))
    path.write_bytes(path.read_bytes()[:-12])


@pytest.mark.parametrize('write, expected', [
    (lambda p: None, 'no such file'),
    (lambda p: write_idx3(p, solid_digits([1]), magic=2049),
     'magic number 2049, not 2051'),
    (lambda p: write_idx3(p, solid_digits([1, 2]), count=3),
     'says 3 images of 28x28 (2352 pixel bytes) but 1568 follow'),
    (_truncated_gzip, 'truncated or corrupt'),
    (lambda p: p.write_bytes(b'\x00\x00'), 'shorter than the 16-byte'),
], ids=['missing', 'magic', 'count', 'truncated_gzip', 'short'])
def test_bad_training_images_name_the_file(tmp_path, write, expected):
    path = tmp_path / 'train-images-idx3-ubyte.gz'
    write(path)
    with pytest.raises(DataError) as err:
        build(data_root=str(tmp_path))
    message = str(err.value)
    assert message.startswith(f'{path}: ') and expected in message
    assert 'magic 2051, count, rows, cols' in message
    assert '\n' not in message


def test_uncompressed_idx_file_is_read_too(tmp_path):
    images = solid_digits([9, 8])
    path = tmp_path / 'train-images-idx3-ubyte'
    path.write_bytes(struct.pack('>iiii', 2051, 2, DIGIT, DIGIT) +
                     images.tobytes())
    dataset = build(data_root=str(tmp_path), train_file=path.name)
    assert np.array_equal(dataset.digits, images)
