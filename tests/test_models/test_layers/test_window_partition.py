import pytest
import torch

from mogaseg.models.layers import (window_padding_mask, window_partition,
                                   window_reverse)


@pytest.mark.parametrize('size', [(8, 12), (7, 10), (3, 2)])
def test_partition_reverse_round_trip(size):
    x = torch.rand(2, *size, 5)
    windows = window_partition(x, (4, 3))
    torch.testing.assert_close(window_reverse(windows, (4, 3), size), x)


def test_windows_hold_the_tiles_row_major():
    x = torch.arange(2 * 6 * 4, dtype=torch.float).view(2, 6, 4, 1)
    windows = window_partition(x, (3, 2))  # 2 x 2 windows per image
    assert windows.shape == (8, 6, 1)
    # window 1 of image 1: rows 0-2, columns 2-3
    torch.testing.assert_close(windows[5, :, 0], x[1, 0:3, 2:4, 0].flatten())


def test_padding_is_zero_and_masked():
    x = torch.rand(1, 5, 7, 2) + 1  # no zeros in the real tokens
    windows = window_partition(x, (4, 4))
    assert windows.shape == (4, 16, 2)
    mask = window_padding_mask((5, 7), (4, 4))
    assert mask.shape == (4, 16) and mask.dtype == torch.bool
    torch.testing.assert_close(mask, (windows == 0).all(-1))
    assert int((~mask).sum()) == 5 * 7
    assert not mask.all(-1).any()  # every window keeps a real token


def test_no_mask_without_padding():
    assert window_padding_mask((8, 6), (4, 3)) is None
