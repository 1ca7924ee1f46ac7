"""Moving MNIST and Moving Fashion-MNIST, read from the release's files.

::

    data_root/
    ├── train-images-idx3-ubyte.gz   the digits (or garments) of the
    │                                training sequences, generated per item
    └── mnist_test_seq.npy           the fixed test set, uint8 of shape
                                     (20, N, 64, 64): (frame, sequence, H, W)

Moving Fashion-MNIST has Fashion-MNIST's ``train-images-idx3-ubyte.gz`` and
``fmnist_test_seq.npy`` of the same layout.
"""
import os.path as osp
import random
from typing import Optional, Sequence, Tuple, Union

import numpy as np

from mogaseg.errors import ConfigError, DataError
from mogaseg.registry import DATASETS
from .base import VideoPredictionDataset, resolve_split
from .bouncing import render_bouncing_digits
from .idx_file import read_idx_images


def load_test_sequences(path: str, image_size: int,
                        min_frames: int) -> np.ndarray:
    """The fixed test set, memory-mapped: uint8 (frames, N, H, W).

    Raises:
        DataError: The file is missing, truncated, or of another shape or
            dtype.
    """
    expected = (f'expected a .npy array of uint8, shape (frames >= '
                f'{min_frames}, N, {image_size}, {image_size})')
    if not osp.isfile(path):
        raise DataError(f'{path}: no such file; {expected}')
    try:
        # memory-mapped: the full set is 800 MB, of which an item reads 80 kB
        sequences = np.load(path, mmap_mode='r')
    except (ValueError, OSError, EOFError) as err:
        # not a .npy file, or shorter than its header announces
        raise DataError(f'{path}: unreadable ({err}); {expected}') from None
    shape = sequences.shape
    if (sequences.dtype != np.uint8 or len(shape) != 4
            or shape[0] < min_frames
            or shape[2:] != (image_size, image_size)):
        raise DataError(
            f'{path}: {sequences.dtype} of shape {shape}; {expected}')
    return sequences


@DATASETS.register_module()
class MovingMNIST(VideoPredictionDataset):
    """Moving MNIST: two handwritten digits bouncing in a 64x64 frame;
    10 frames in, the next 10 to predict.

    The training split generates every item anew from the training digits
    (:mod:`.bouncing`), drawing from Python's global ``random`` as the
    release's loader does: MMEngine seeds it in each data loader worker, so
    training is reproducible from the config's seed. MMEngine gives every
    epoch's new workers the same seed, which would repeat the same
    sequences every epoch; :class:`~mogaseg.engine.hooks.EpochSeedHook`
    (in every config's runtime) moves it on with the epoch, so
    non-persistent workers draw new sequences every epoch and ``--resume``
    replays them. The test split is the fixed array, item ``i`` being
    sequence ``i``: the same on every call.

    Frames are uint8 / 255, float32 in [0, 1], of shape (T, 1, H, W);
    ``metainfo`` is ``mean=0.0, std=1.0``.

    Args:
        data_root (str): Folder of the files.
        split (str, optional): ``'train'`` or ``'test'``. Defaults to None:
            ``'test'`` with ``test_mode``, else ``'train'``.
        test_mode (bool): Read the test split when ``split`` is not given.
            Defaults to False.
        train_file (str): The idx3 training images, relative to
            ``data_root``. Defaults to ``'train-images-idx3-ubyte.gz'``.
        test_file (str): The test array, relative to ``data_root``.
            Defaults to ``'mnist_test_seq.npy'``.
        frames_in (int): Input frames. Defaults to 10.
        frames_out (int): Frames to predict. Defaults to 10.
        num_objects (int | Sequence[int]): Digits per training sequence; of
            several, one is drawn per item. Defaults to 2.
        image_size (int): Side of the frames. Defaults to 64.
        length (int): Training items per epoch. Defaults to 10000.
    """

    default_test_file = 'mnist_test_seq.npy'

    def __init__(self,
                 data_root: str,
                 split: Optional[str] = None,
                 test_mode: bool = False,
                 train_file: str = 'train-images-idx3-ubyte.gz',
                 test_file: Optional[str] = None,
                 frames_in: int = 10,
                 frames_out: int = 10,
                 num_objects: Union[int, Sequence[int]] = 2,
                 image_size: int = 64,
                 length: int = 10000):
        super().__init__(mean=0., std=1.)
        self.split = resolve_split(split, test_mode, ('train', 'test'))
        if frames_in < 1 or frames_out < 1:
            raise ConfigError('frames_in and frames_out must be positive, '
                              f'got {frames_in} and {frames_out}')
        self.frames_in = frames_in
        self.frames_out = frames_out
        self.image_size = image_size
        if isinstance(num_objects, int):
            num_objects = [num_objects]
        self.num_objects = list(num_objects)
        if self.split == 'train':
            self.digits_file = osp.join(data_root, train_file)
            self.digits = read_idx_images(self.digits_file)
            rows, cols = self.digits.shape[1:]
            if rows > image_size or cols > image_size:
                raise DataError(
                    f'{self.digits_file}: {rows}x{cols} images do not fit '
                    f'the {image_size}x{image_size} frames (image_size)')
            self.length = length
        else:
            self.sequences_file = osp.join(
                data_root, test_file or self.default_test_file)
            self._sequences = load_test_sequences(
                self.sequences_file, image_size, frames_in + frames_out)
            self.length = self._sequences.shape[1]

    @property
    def sequences(self) -> np.ndarray:
        """The test array, mapped again after unpickling."""
        if self._sequences is None:
            self._sequences = np.load(self.sequences_file, mmap_mode='r')
        return self._sequences

    def __getstate__(self) -> dict:
        # a pickled memory map would carry the whole array to each data
        # loader worker that is not forked
        state = dict(self.__dict__)
        if '_sequences' in state:
            state['_sequences'] = None
        return state

    def __len__(self) -> int:
        return self.length

    def frames(self, idx: int) -> Tuple[np.ndarray, np.ndarray]:
        num_frames = self.frames_in + self.frames_out
        if self.split == 'train':
            # the same draws, in the same order, as the release's loader
            frames = render_bouncing_digits(
                self.digits, random.choice(self.num_objects), num_frames,
                self.image_size, random)
        else:
            frames = self.sequences[:num_frames, idx]
        # (T, H, W) -> (T, 1, H, W); divided in float64, as the release
        frames = frames[:, None] / 255.0
        return frames[:self.frames_in], frames[self.frames_in:]


@DATASETS.register_module()
class MovingFashionMNIST(MovingMNIST):
    """Moving Fashion-MNIST: :class:`MovingMNIST` with Fashion-MNIST's
    garments. ``train_file`` is Fashion-MNIST's
    ``train-images-idx3-ubyte.gz``; ``test_file`` defaults to the release's
    ``fmnist_test_seq.npy``."""

    default_test_file = 'fmnist_test_seq.npy'
