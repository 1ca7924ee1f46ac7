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


def test_partition_of_a_permuted_map():
    # an NCHW map seen as (B, H, W, C) is not contiguous
    nchw = torch.rand(2, 5, 6, 8)
    x = nchw.permute(0, 2, 3, 1)
    windows = window_partition(x, (3, 4))
    torch.testing.assert_close(windows,
                               window_partition(x.contiguous(), (3, 4)))
    torch.testing.assert_close(window_reverse(windows, (3, 4), (6, 8)), x)


def test_reverse_crops_the_padding_without_a_copy():
    windows = torch.rand(4, 16, 2)  # a 5x7 map in 4x4 windows
    x = window_reverse(windows, (4, 4), (5, 7))
    assert x.shape == (1, 5, 7, 2)
    # a view of the padded 8x8 map: no second copy for the crop
    assert x.stride()[:3] == (8 * 8 * 2, 8 * 2, 2)
