"""TaxiBJ: Beijing taxi crowd flows (in and out) on a 32x32 grid, read
from the release's ``dataset.npz``.

::

    data_root/dataset.npz
        X_train, Y_train   float (N, 4, 2, 32, 32): 4 frames in, 4 out
        X_test,  Y_test    float (M, 4, 2, 32, 32)

The stored flows are scaled to [-1, 1]; items are ``(x + 1) / 2``, in
[0, 1], as the release's loader gives them to its model.
"""
import os.path as osp
import zipfile
import zlib
from typing import Optional, Tuple

import numpy as np

from mogaseg.errors import DataError
from mogaseg.registry import DATASETS
from .base import VideoPredictionDataset, resolve_split

_EXPECTED = ('expected an .npz with float arrays X_train, Y_train, X_test, '
             'Y_test of shape (N, frames, 2, 32, 32), X and Y of a split '
             'with the same N')


def _rescaled(array: np.ndarray) -> np.ndarray:
    """``(array + 1) / 2`` in the stored precision (as the release computes
    it), kept as float32, a chunk at a time to bound the memory."""
    out = np.empty(array.shape, np.float32)
    for start in range(0, len(array), 1024):
        out[start:start + 1024] = (array[start:start + 1024] + 1) / 2
    return out


@DATASETS.register_module()
class TaxiBJ(VideoPredictionDataset):
    """TaxiBJ: 4 frames of crowd flow (2 channels, in and out) in, the next
    4 to predict.

    Frames are float32 in [0, 1], of shape (4, 2, 32, 32) with the
    release's file; ``metainfo`` is ``mean=0.0, std=1.0``: the metric
    compares the [0, 1] values, as the release's does.

    Args:
        data_root (str): Folder of the file.
        split (str, optional): ``'train'`` or ``'test'``. Defaults to None:
            ``'test'`` with ``test_mode``, else ``'train'``.
        test_mode (bool): Read the test split when ``split`` is not given.
            Defaults to False.
        file (str): The arrays, relative to ``data_root``. Defaults to
            ``'dataset.npz'``.
    """

    def __init__(self,
                 data_root: str,
                 split: Optional[str] = None,
                 test_mode: bool = False,
                 file: str = 'dataset.npz'):
        super().__init__(mean=0., std=1.)
        self.split = resolve_split(split, test_mode, ('train', 'test'))
        self.file = osp.join(data_root, file)
        inputs, targets = self._load(self.file, self.split)
        self.inputs = _rescaled(inputs)
        self.targets = _rescaled(targets)

    @staticmethod
    def _load(path: str, split: str):
        if not osp.isfile(path):
            raise DataError(f'{path}: no such file; {_EXPECTED}')
        keys = (f'X_{split}', f'Y_{split}')
        try:
            arrays = np.load(path, allow_pickle=False)
            if not isinstance(arrays, np.lib.npyio.NpzFile):
                raise DataError(f'{path}: a single array, not an .npz '
                                f'archive; {_EXPECTED}')
            with arrays:
                missing = [key for key in keys if key not in arrays.files]
                if missing:
                    raise DataError(
                        f'{path}: no array {missing[0]} (it has '
                        f'{sorted(arrays.files)}); {_EXPECTED}')
                inputs, targets = (arrays[key] for key in keys)
        except DataError:
            raise
        except (ValueError, OSError, EOFError, zipfile.BadZipFile,
                zlib.error) as err:
            # not an .npz, or a truncated one
            raise DataError(f'{path}: unreadable ({err}); {_EXPECTED}') \
                from None
        for key, array in zip(keys, (inputs, targets)):
            if (not np.issubdtype(array.dtype, np.floating)
                    or array.ndim != 5 or array.shape[2:] != (2, 32, 32)):
                raise DataError(f'{path}: {key} is {array.dtype} of shape '
                                f'{array.shape}; {_EXPECTED}')
        if len(inputs) != len(targets):
            raise DataError(f'{path}: {keys[0]} holds {len(inputs)} '
                            f'sequences, {keys[1]} {len(targets)}; '
                            f'{_EXPECTED}')
        return inputs, targets

    def __len__(self) -> int:
        return len(self.inputs)

    def frames(self, idx: int) -> Tuple[np.ndarray, np.ndarray]:
        return self.inputs[idx], self.targets[idx]
