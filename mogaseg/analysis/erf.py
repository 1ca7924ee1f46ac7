"""The effective receptive field (ERF) of a backbone, as the RepLKNet and
MogaNet papers measure and plot it.

For each image, the activations of one output feature map at its central
position (ReLU'd, summed over channels) are backpropagated to the input;
the absolute input gradient, summed over the input channels, says how much
each pixel contributes to that position. Averaged over images, the map is
shown as ``log10(map + 1)`` scaled to [0, 1], and summarised by the
high-contribution area ratios: for a threshold ``t``, the smallest centred
square holding ``t`` of the map's total. (RepLKNet's script keeps the
positive part of the gradient, ReLU, where this takes its absolute value.)

Reference: Ding et al., "Scaling Up Your Kernels to 31x31: Revisiting
Large Kernel Design in CNNs" (RepLKNet), CVPR 2022, and its
``erf/visualize_erf.py`` and ``erf/analyze_erf.py``.
"""
from typing import Dict, Sequence

import numpy as np
import torch
import torch.nn as nn

from mogaseg.errors import ConfigError

THRESHOLDS = (0.2, 0.3, 0.5, 0.99)


class BackboneOutputError(ConfigError):
    """A backbone output that the ERF cannot be measured on."""


def backbone_output(backbone: nn.Module, images: torch.Tensor,
                    out_index: int = -1) -> torch.Tensor:
    """The ``out_index``-th output of ``backbone(images)``, an NCHW map.

    Raises:
        BackboneOutputError: The backbone has no such output, or it is not
            an NCHW map.
    """
    outs = backbone(images)
    if isinstance(outs, torch.Tensor):
        outs = (outs, )
    if not -len(outs) <= out_index < len(outs):
        raise BackboneOutputError(
            f'--out-index {out_index}: the backbone has {len(outs)} outputs '
            f'(indices {-len(outs)} to {len(outs) - 1}); its out_indices '
            'setting chooses them')
    feature = outs[out_index]
    if not (isinstance(feature, torch.Tensor) and feature.dim() == 4):
        shape = tuple(getattr(feature, 'shape', ()))
        raise BackboneOutputError(
            f'backbone output {out_index} has shape {shape}, not an NCHW '
            'feature map with a central position (a backbone that pools '
            'its last stage for a classifier head returns no map there: '
            'pick another --out-index, or a detection or segmentation '
            'config of the same backbone)')
    return feature


def erf_gradient_map(backbone: nn.Module,
                     images: torch.Tensor,
                     out_index: int = -1) -> torch.Tensor:
    """The input-gradient map of the central output position, summed over
    the images of the batch.

    Args:
        backbone (nn.Module): Returns a feature map or a tuple of them; put
            it in eval mode first (BatchNorm statistics, drop paths).
        images (torch.Tensor): ``(N, C, H, W)`` normalised images.
        out_index (int): Which of the backbone's outputs. Defaults to -1,
            the last (deepest).

    Returns:
        torch.Tensor: ``(H, W)``: the sum over images and input channels of
        ``|d sum_c relu(F[n, c, h // 2, w // 2]) / d images|``, where ``F``
        is the ``h x w`` feature map.
    """
    images = images.detach().clone().requires_grad_(True)
    feature = backbone_output(backbone, images, out_index)
    h, w = feature.shape[-2:]
    central = torch.relu(feature[:, :, h // 2, w // 2]).sum()
    grad, = torch.autograd.grad(central, images)
    return grad.abs().sum(dim=(0, 1))


def normalise_erf(erf_map: np.ndarray) -> np.ndarray:
    """``log10(map + 1)`` scaled to a maximum of 1 (an all-zero map stays
    zero): the scale the papers plot and measure on."""
    data = np.log10(np.asarray(erf_map, dtype=np.float64) + 1)
    peak = data.max()
    return data / peak if peak > 0 else data


def contribution_area_ratios(
        erf_map: np.ndarray,
        thresholds: Sequence[float] = THRESHOLDS) -> Dict[float, dict]:
    """RepLKNet's high-contribution area ratios of a map.

    For each threshold ``t``, the smallest square of odd side centred on
    ``(H // 2, W // 2)`` (clipped at the map's borders) whose sum reaches
    ``t`` of the map's total. RepLKNet's ``analyze_erf.py`` measures the
    map as plotted, ``log10(map + 1)`` scaled to [0, 1]
    (:func:`normalise_erf`).

    Args:
        erf_map (np.ndarray): An ``(H, W)`` non-negative map.
        thresholds (Sequence[float]): Fractions in (0, 1].

    Returns:
        dict: ``t -> {'side_length', 'side_ratio', 'area_ratio'}``: the
        square's side in pixels (clipped), that side over the map's
        (``max(H, W)``), and the square's area over the map's.

    Raises:
        ValueError: A map that is not 2-D, not finite, negative or all
            zero, or a threshold outside (0, 1].
    """
    data = np.asarray(erf_map, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError(f'the map must be 2-D, got shape {data.shape}')
    if not np.isfinite(data).all():
        raise ValueError('the map has inf or NaN values')
    if (data < 0).any():
        raise ValueError('the map must be non-negative')
    total = data.sum()
    if total <= 0:
        raise ValueError('the map is all zero: nothing contributes')
    h, w = data.shape
    cy, cx = h // 2, w // 2
    # sums[i]: the sum of the square of side 2i + 1 (clipped)
    radii = range(max(h, w) // 2 + 1)
    sums = np.array([
        data[max(cy - i, 0):cy + i + 1, max(cx - i, 0):cx + i + 1].sum()
        for i in radii
    ])
    ratios = {}
    for t in thresholds:
        if not 0 < t <= 1:
            raise ValueError(f'thresholds must be in (0, 1], got {t}')
        # float rounding: the whole map must reach t = 1
        i = int(np.argmax(sums >= t * total * (1 - 1e-9)))
        side_h = min(cy + i + 1, h) - max(cy - i, 0)
        side_w = min(cx + i + 1, w) - max(cx - i, 0)
        side = max(side_h, side_w)
        ratios[t] = dict(
            side_length=side,
            side_ratio=side / max(h, w),
            area_ratio=side_h * side_w / (h * w))
    return ratios


def plot_erf(erf_map: np.ndarray, path: str, title: str = '') -> None:
    """Save a map as a heatmap PNG (RepLKNet's 'RdYlGn' colours, with a
    colour bar), without a display.

    Args:
        erf_map (np.ndarray): The ``(H, W)`` map to draw as it is (normalise
            it first with :func:`normalise_erf`).
        path (str): The PNG file to write.
        title (str): A title over the map.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 5.2))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    image = axes.imshow(erf_map, cmap='RdYlGn', interpolation='nearest')
    axes.set_xticks([])
    axes.set_yticks([])
    if title:
        axes.set_title(title, fontsize=9)
    figure.colorbar(image, ax=axes)
    figure.savefig(path, format='png', dpi=100, bbox_inches='tight')

