import pytest
import torch

from mogaseg.models.layers import (RelativePositionBias2d,
                                   relative_position_index)


def test_index_points_at_key_minus_query_offset():
    height, width = 3, 4
    index = relative_position_index(height, width)
    assert index.shape == (12, 12)
    for query in range(12):
        for key in range(12):
            dy = key // width - query // width
            dx = key % width - query % width
            expected = (dy + height - 1) * (2 * width - 1) + dx + width - 1
            assert index[query, key] == expected


def test_bias_is_the_table_entry_of_each_offset():
    rel_pos = RelativePositionBias2d(num_heads=2, table_size=(3, 4))
    assert rel_pos.table.shape == (2, 5, 7)
    bias = rel_pos(3, 4)
    assert bias.shape == (2, 12, 12)
    # query (0, 0), key (2, 3): offset (2, 3) -> table row 4, column 6
    torch.testing.assert_close(bias[:, 0, 11], rel_pos.table[:, 4, 6])
    # translation invariant: same offset, same bias
    torch.testing.assert_close(bias[:, 1, 6], bias[:, 4, 9])


def test_other_sizes_resize_the_table():
    rel_pos = RelativePositionBias2d(num_heads=3, table_size=7)
    assert rel_pos(4, 10).shape == (3, 40, 40)
    # a constant table stays constant when resized
    with torch.no_grad():
        rel_pos.table.fill_(0.5)
    torch.testing.assert_close(rel_pos(8, 8), torch.full((3, 64, 64), 0.5))
    # gradients reach the table through the resize
    with torch.no_grad():
        rel_pos.table.normal_()
    rel_pos(8, 5).square().sum().backward()
    assert rel_pos.table.grad is not None
    assert rel_pos.table.grad.abs().sum() > 0


@pytest.mark.parametrize('size', [0, (3, 4, 5), (2, 0)])
def test_bad_table_size(size):
    with pytest.raises(ValueError, match='table_size'):
        RelativePositionBias2d(2, size)
