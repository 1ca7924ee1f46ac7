"""What every video prediction dataset shares: its items and its metainfo."""
from typing import List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
from torch.utils.data import Dataset

from mogaseg.errors import ConfigError

Stat = Union[float, List[float]]


def resolve_split(split: Optional[str], test_mode: bool,
                  splits: Sequence[str]) -> str:
    """The split a dataset reads: ``split`` if given, else ``'test'`` with
    ``test_mode`` and ``'train'`` without (MMEngine configs say either)."""
    if split is None:
        split = 'test' if test_mode else 'train'
    elif test_mode and split == 'train':
        raise ConfigError("test_mode=True contradicts split='train'")
    if split not in splits:
        raise ConfigError(f'split must be one of {list(splits)}, got '
                          f'{split!r}')
    return split


def to_tensor(frames: np.ndarray) -> torch.Tensor:
    """A float32 copy of ``frames`` (T, C, H, W): never a view of the
    dataset's arrays, which a model writing into its inputs would change."""
    return torch.from_numpy(np.array(frames, dtype=np.float32))


class VideoPredictionDataset(Dataset):
    """A dataset of ``dict(inputs=(T_in, C, H, W), targets=(T_out, C, H, W),
    sample_idx=i)`` items, both float32 tensors in the units the model sees.

    ``metainfo`` holds ``mean`` and ``std``: ``value = normalised * std +
    mean`` takes frames back to the data's own units (the metric does so
    before it compares them). MMEngine's runner hands ``metainfo`` to the
    metric as ``dataset_meta`` and stores it in checkpoints, so it holds
    plain Python numbers only.
    """

    def __init__(self, mean: Stat = 0., std: Stat = 1.):
        self._metainfo = dict(mean=_plain(mean), std=_plain(std))

    @property
    def metainfo(self) -> dict:
        return dict(self._metainfo)

    def __len__(self) -> int:
        raise NotImplementedError

    def frames(self, idx: int) -> Tuple[np.ndarray, np.ndarray]:
        """Item ``idx``'s input and target frames, (T, C, H, W) each."""
        raise NotImplementedError

    def __getitem__(self, idx: int) -> dict:
        # numpy would wrap a negative index round to the end
        if not 0 <= idx < len(self):
            raise IndexError(f'index {idx} out of range for {len(self)} '
                             'items')
        inputs, targets = self.frames(idx)
        return dict(
            inputs=to_tensor(inputs),
            targets=to_tensor(targets),
            sample_idx=idx)


def _plain(stat) -> Stat:
    """A float, or a list of floats for per-channel statistics."""
    values = np.asarray(stat, dtype=np.float64).reshape(-1)
    if values.size == 1:
        return float(values[0])
    return [float(v) for v in values]
