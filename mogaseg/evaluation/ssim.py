"""Structural similarity (SSIM) of image pairs, vectorised in torch.

The variant is scikit-image's ``structural_similarity`` with its defaults:
a uniform ``win_size`` x ``win_size`` window (7), ``K1=0.01``, ``K2=0.03``,
the sample (not population) covariance, and the mean of the SSIM map over
the pixels whose window lies inside the image (a border of
``(win_size - 1) // 2`` pixels is left out). A multi-channel image's SSIM
is the mean of its channels' SSIMs.
"""
import torch
import torch.nn.functional as F


def structural_similarity(pred: torch.Tensor,
                          target: torch.Tensor,
                          data_range: float,
                          win_size: int = 7,
                          k1: float = 0.01,
                          k2: float = 0.03) -> torch.Tensor:
    """The SSIM of each image pair, averaged over channels.

    Args:
        pred (Tensor): Images of shape (..., C, H, W).
        target (Tensor): Images of the same shape as ``pred``.
        data_range (float): The value range ``R`` that sets the stabilising
            constants ``(k1 * R) ** 2`` and ``(k2 * R) ** 2``.
        win_size (int): Side of the uniform window, odd. Defaults to 7.
        k1 (float): Constant of the luminance term. Defaults to 0.01.
        k2 (float): Constant of the contrast-structure term.
            Defaults to 0.03.

    Returns:
        Tensor: Shape (...), one SSIM per image, in ``pred``'s dtype.
    """
    if pred.shape != target.shape or pred.dim() < 3:
        raise ValueError(
            'structural_similarity expects two tensors of one shape '
            f'(..., C, H, W), got {tuple(pred.shape)} and '
            f'{tuple(target.shape)}')
    height, width = pred.shape[-2:]
    if win_size % 2 != 1 or height < win_size or width < win_size:
        raise ValueError(
            f'structural_similarity needs an odd win_size no larger than the '
            f'images, got win_size={win_size} for {height}x{width} images')
    batch_shape = pred.shape[:-2]
    x = pred.reshape(-1, 1, height, width)
    y = target.reshape(-1, 1, height, width)
    # A window average without padding covers exactly the pixels whose
    # window lies inside the image, the region the SSIM map is averaged on.
    moments = F.avg_pool2d(
        torch.cat([x, y, x * x, y * y, x * y], dim=1), win_size, stride=1)
    mean_x, mean_y, mean_xx, mean_yy, mean_xy = moments.unbind(dim=1)
    num_window = win_size * win_size
    cov_norm = num_window / (num_window - 1)  # sample covariance
    var_x = cov_norm * (mean_xx - mean_x * mean_x)
    var_y = cov_norm * (mean_yy - mean_y * mean_y)
    cov_xy = cov_norm * (mean_xy - mean_x * mean_y)
    c1 = (k1 * data_range)**2
    c2 = (k2 * data_range)**2
    ssim_map = ((2 * mean_x * mean_y + c1) * (2 * cov_xy + c2)) / (
        (mean_x * mean_x + mean_y * mean_y + c1) * (var_x + var_y + c2))
    per_channel = ssim_map.mean(dim=(-2, -1)).reshape(batch_shape)
    return per_channel.mean(dim=-1)
