"""TaxiBJ read from a ``dataset.npz`` written here in the release's
layout."""
import numpy as np
import pytest
import torch

from mogaseg.datasets import TaxiBJ
from mogaseg.errors import DataError
from mogaseg.registry import DATASETS


def flows(n, seed):
    # stored flows are scaled to [-1, 1], float64 as numpy writes them
    return np.random.default_rng(seed).uniform(-1, 1, (n, 4, 2, 32, 32))


@pytest.fixture
def arrays(tmp_path):
    arrays = dict(X_train=flows(5, 0), Y_train=flows(5, 1),
                  X_test=flows(3, 2), Y_test=flows(3, 3))
    np.savez(tmp_path / 'dataset.npz', **arrays)
    return arrays


def build(root, **kwargs):
    return DATASETS.build(dict(type='mogaseg.TaxiBJ', data_root=str(root),
                               **kwargs))


@pytest.mark.parametrize('split', ['train', 'test'])
def test_items_are_the_flows_moved_to_unit_range(tmp_path, arrays, split):
    dataset = build(tmp_path, split=split)
    assert isinstance(dataset, TaxiBJ)
    assert len(dataset) == len(arrays[f'X_{split}'])
    item = dataset[2]
    assert item['sample_idx'] == 2
    assert item['inputs'].dtype == torch.float32
    assert item['inputs'].shape == item['targets'].shape == (4, 2, 32, 32)
    for key, name in (('inputs', 'X'), ('targets', 'Y')):
        expected = (arrays[f'{name}_{split}'][2] + 1) / 2
        assert torch.equal(item[key], torch.from_numpy(expected).float())
    assert 0 <= item['inputs'].min() and item['inputs'].max() <= 1
    assert dataset.metainfo == dict(mean=0.0, std=1.0)


def test_test_mode_reads_the_test_arrays(tmp_path, arrays):
    assert len(build(tmp_path, test_mode=True)) == 3


def test_items_are_copies(tmp_path, arrays):
    dataset = build(tmp_path)
    dataset[0]['inputs'].zero_()
    assert dataset[0]['inputs'].abs().sum() > 0


@pytest.mark.parametrize('idx', [-1, 3])
def test_an_index_out_of_range_is_refused(tmp_path, arrays, idx):
    # the arrays would take -1 as the last sequence
    with pytest.raises(IndexError, match=f'index {idx} out of range for 3'):
        build(tmp_path, split='test')[idx]


def _save(path, **arrays):
    np.savez(path, **arrays)


def _all(**changes):
    arrays = dict(X_train=flows(2, 0), Y_train=flows(2, 1),
                  X_test=flows(1, 2), Y_test=flows(1, 3))
    arrays.update(changes)
    return {k: v for k, v in arrays.items() if v is not None}


def _truncated(path):
    _save(path, **_all())
    path.write_bytes(path.read_bytes()[:40_000])


@pytest.mark.parametrize('write, expected', [
    (lambda p: None, 'no such file'),
    (lambda p: _save(p, **_all(Y_train=None)),
     "no array Y_train (it has ['X_test', 'X_train', 'Y_test'])"),
    (lambda p: _save(p, **_all(X_train=flows(2, 0)[:, 0])),
     'X_train is float64 of shape (2, 2, 32, 32)'),
    (lambda p: _save(p, **_all(X_train=np.zeros((2, 4, 2, 32, 32), int))),
     'X_train is int64'),
    (lambda p: _save(p, **_all(Y_train=flows(3, 0))),
     'X_train holds 2 sequences, Y_train 3'),
    (_truncated, 'unreadable'),
    (lambda p: np.save(p.with_suffix('.npy'), flows(1, 0)) or
     p.with_suffix('.npy').rename(p), 'not an .npz'),
], ids=['missing', 'key', 'ndim', 'dtype', 'count', 'truncated', 'npy'])
def test_bad_file_names_it(tmp_path, write, expected):
    path = tmp_path / 'dataset.npz'
    write(path)
    with pytest.raises(DataError) as err:
        build(tmp_path)
    message = str(err.value)
    assert message.startswith(f'{path}: ') and expected in message
    assert 'of shape (N, frames, 2, 32, 32)' in message
    assert '\n' not in message
