import itertools

import pytest
import torch

from mogaseg.evaluation import structural_similarity


def naive_ssim(x: torch.Tensor, y: torch.Tensor, data_range: float) -> float:
    """SSIM of two (H, W) images window by window, from the definition:
    uniform 7x7 windows inside the image, sample (co)variances,
    K1=0.01, K2=0.03."""
    c1, c2 = (0.01 * data_range)**2, (0.03 * data_range)**2
    height, width = x.shape
    values = []
    for top, left in itertools.product(range(height - 6), range(width - 6)):
        a = x[top:top + 7, left:left + 7].reshape(-1)
        b = y[top:top + 7, left:left + 7].reshape(-1)
        mean_a, mean_b = a.mean(), b.mean()
        var_a, var_b = a.var(), b.var()  # unbiased: the sample variance
        cov = ((a - mean_a) * (b - mean_b)).sum() / (a.numel() - 1)
        values.append(((2 * mean_a * mean_b + c1) * (2 * cov + c2)) /
                      ((mean_a**2 + mean_b**2 + c1) * (var_a + var_b + c2)))
    return torch.stack(values).mean().item()


@pytest.mark.parametrize('data_range', [1.0, 2.0])
def test_matches_the_window_by_window_definition(data_range):
    gen = torch.Generator().manual_seed(0)
    target = torch.rand(2, 12, 10, generator=gen, dtype=torch.float64)
    pred = (target + 0.3 * torch.randn(
        2, 12, 10, generator=gen, dtype=torch.float64)).clamp(0, 1)
    per_image = structural_similarity(pred, target, data_range)
    assert per_image.shape == ()
    expected = (naive_ssim(pred[0], target[0], data_range) +
                naive_ssim(pred[1], target[1], data_range)) / 2
    assert per_image.item() == pytest.approx(expected, abs=1e-12)


def test_leading_dims_are_kept_and_identical_images_score_one():
    gen = torch.Generator().manual_seed(1)
    frames = torch.rand(3, 4, 2, 9, 9, generator=gen, dtype=torch.float64)
    scores = structural_similarity(frames, frames, 2.0)
    assert scores.shape == (3, 4)
    torch.testing.assert_close(scores, torch.ones(3, 4, dtype=torch.float64))


def test_smaller_data_range_scores_lower():
    gen = torch.Generator().manual_seed(2)
    target = torch.rand(1, 16, 16, generator=gen, dtype=torch.float64)
    pred = target.roll(1, dims=-1)
    assert (structural_similarity(pred, target, 1.0) <
            structural_similarity(pred, target, 2.0))


def test_rejects_mismatched_or_too_small_images():
    with pytest.raises(ValueError, match=r'\(1, 8, 8\) and \(1, 8, 9\)'):
        structural_similarity(torch.zeros(1, 8, 8), torch.zeros(1, 8, 9), 1.)
    with pytest.raises(ValueError, match='win_size=7 for 6x8'):
        structural_similarity(torch.zeros(1, 6, 8), torch.zeros(1, 6, 8), 1.)
