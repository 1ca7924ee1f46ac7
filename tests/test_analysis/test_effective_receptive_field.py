"""mogaseg.analysis.erf: the input-gradient map of toy backbones whose
receptive field is known, and the area ratios of maps with known answers."""
import math

import numpy as np
import pytest
import torch
import torch.nn as nn

from mogaseg.analysis.erf import (BackboneOutputError, backbone_output,
                                  contribution_area_ratios, erf_gradient_map,
                                  normalise_erf, plot_erf)


class ConvStack(nn.Module):
    """``depth`` 3x3 convs (padding 1) with positive weights: every output
    channel is active on positive images, and the receptive field of an
    output position is the ``(2 * depth + 1)`` square around it."""

    def __init__(self, depth, channels=4, stride=1):
        super().__init__()
        convs = []
        for i in range(depth):
            conv = nn.Conv2d(3 if i == 0 else channels, channels, 3,
                             stride=stride if i == 0 else 1, padding=1,
                             bias=False)
            nn.init.uniform_(conv.weight, 0.1, 1.0)
            convs.append(conv)
        self.convs = nn.Sequential(*convs)

    def forward(self, x):
        return (self.convs(x), )


def _positive_images(n=2, size=15):
    torch.manual_seed(0)
    return torch.rand(n, 3, size, size) + 0.5


def _support(grad_map):
    """(rows, cols) spanned by the non-zero entries."""
    rows, cols = np.nonzero(grad_map.numpy())
    return (rows.min(), rows.max()), (cols.min(), cols.max())


def test_single_conv_erf_is_its_kernel_around_the_centre():
    backbone = ConvStack(depth=1).eval()
    images = _positive_images(n=2, size=15)
    grad = erf_gradient_map(backbone, images)
    assert grad.shape == (15, 15)
    assert _support(grad) == ((6, 8), (6, 8))  # 3x3 around (7, 7)
    # d out[o, 7, 7] / d x[i, 7 + dy, 7 + dx] = w[o, i, 1 + dy, 1 + dx],
    # for each of the 2 images
    expected = 2 * backbone.convs[0].weight.detach().abs().sum(dim=(0, 1))
    torch.testing.assert_close(grad[6:9, 6:9], expected)


def test_deeper_stack_has_a_larger_erf():
    images = _positive_images(n=1, size=21)
    shallow = erf_gradient_map(ConvStack(depth=1).eval(), images)
    deep = erf_gradient_map(ConvStack(depth=3).eval(), images)
    assert _support(deep) == ((7, 13), (7, 13))  # 7x7 around (10, 10)
    small = contribution_area_ratios(normalise_erf(shallow.numpy()))
    large = contribution_area_ratios(normalise_erf(deep.numpy()))
    for t in (0.5, 0.99):
        assert large[t]['area_ratio'] > small[t]['area_ratio']
    assert small[0.99]['side_length'] == 3
    assert large[0.99]['side_length'] == 7


def test_the_central_position_of_a_strided_map_is_used():
    # 16x16 input, stride 2 -> 8x8 map; its centre (4, 4) sees input rows
    # and columns 7..9
    grad = erf_gradient_map(ConvStack(depth=1, stride=2).eval(),
                            _positive_images(n=1, size=16))
    assert _support(grad) == ((7, 9), (7, 9))


def test_inactive_channels_do_not_contribute():
    """The central activations are ReLU'd: a channel negative there adds
    no gradient."""
    backbone = ConvStack(depth=1, channels=2).eval()
    with torch.no_grad():
        backbone.convs[0].weight[1] *= -1  # channel 1 < 0 on positive input
    images = _positive_images(n=1, size=9)
    grad = erf_gradient_map(backbone, images)
    expected = backbone.convs[0].weight.detach()[0].abs().sum(dim=0)
    torch.testing.assert_close(grad[3:6, 3:6], expected)


def test_out_index_picks_the_backbone_output():

    class TwoOutputs(nn.Module):

        def __init__(self):
            super().__init__()
            self.first = ConvStack(depth=1)
            self.second = ConvStack(depth=2)

        def forward(self, x):
            return self.first(x)[0], self.second(x)[0]

    images = _positive_images(n=1, size=15)
    backbone = TwoOutputs().eval()
    assert _support(erf_gradient_map(backbone, images, 0)) == ((6, 8),
                                                               (6, 8))
    assert _support(erf_gradient_map(backbone, images, -1)) == ((5, 9),
                                                                (5, 9))
    with pytest.raises(BackboneOutputError, match='has 2 outputs'):
        backbone_output(backbone, images, 2)


def test_a_pooled_output_is_refused_with_its_shape():
    pooled = nn.Sequential(nn.Conv2d(3, 4, 3), nn.AdaptiveAvgPool2d(1),
                           nn.Flatten())
    with pytest.raises(BackboneOutputError,
                       match=r'shape \(1, 4\), not an NCHW'):
        backbone_output(pooled, torch.rand(1, 3, 8, 8))


def _smallest_centred_odd_square(fraction_of, t, size):
    """Brute force: the first odd side whose centred square holds t."""
    for side in range(1, size + 1, 2):
        if fraction_of(side) >= t:
            return side
    return size


def test_area_ratios_of_a_central_delta_are_one_pixel():
    data = np.zeros((21, 21))
    data[10, 10] = 5.0
    for t, ratio in contribution_area_ratios(data).items():
        assert ratio == dict(side_length=1, side_ratio=1 / 21,
                             area_ratio=1 / 21**2), t


def test_area_ratios_of_a_uniform_map_grow_as_the_square_root():
    size = 101
    data = np.full((size, size), 0.3)
    ratios = contribution_area_ratios(data, (0.2, 0.3, 0.5, 0.99))
    for t, ratio in ratios.items():
        side = _smallest_centred_odd_square(lambda s: s * s / size**2, t,
                                            size)
        assert ratio['side_length'] == side
        assert ratio['area_ratio'] == pytest.approx(side**2 / size**2)
        assert ratio['side_ratio'] == pytest.approx(math.sqrt(t),
                                                    abs=2 / size)


def test_area_ratios_reach_off_centre_mass():
    data = np.zeros((31, 31))
    data[15, 15] = 0.3
    data[15, 20] = 0.7  # five columns right of the centre
    ratios = contribution_area_ratios(data, (0.2, 0.3, 0.5, 1.0))
    assert [ratios[t]['side_length'] for t in (0.2, 0.3, 0.5, 1.0)] == \
        [1, 1, 11, 11]


def test_even_maps_are_covered_whole_at_one():
    ratios = contribution_area_ratios(np.ones((4, 4)), (1.0, ))
    assert ratios[1.0] == dict(side_length=4, side_ratio=1.0,
                               area_ratio=1.0)


@pytest.mark.parametrize('data, thresholds, message', [
    (np.zeros((5, 5)), (0.5, ), 'all zero'),
    (-np.ones((5, 5)), (0.5, ), 'non-negative'),
    (np.full((5, 5), np.nan), (0.5, ), 'inf or NaN'),
    (np.full((5, 5), np.inf), (0.5, ), 'inf or NaN'),
    (np.ones(5), (0.5, ), '2-D'),
    (np.ones((5, 5)), (0.0, ), r'\(0, 1\]'),
    (np.ones((5, 5)), (1.5, ), r'\(0, 1\]'),
])
def test_area_ratio_errors(data, thresholds, message):
    with pytest.raises(ValueError, match=message):
        contribution_area_ratios(data, thresholds)


def test_normalise_and_plot(tmp_path):
    data = normalise_erf(np.array([[0.0, 9.0], [99.0, 0.0]]))
    np.testing.assert_allclose(data, [[0, 0.5], [1, 0]])
    path = tmp_path / 'erf.png'
    plot_erf(data, str(path), title='toy')
    assert path.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
