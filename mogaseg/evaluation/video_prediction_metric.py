"""The video prediction metrics with the conventions of the published SimVP /
MogaNet tables: MSE, MAE, RMSE, SSIM and PSNR of predicted frames against
the ground truth, in the data's physical units.
"""
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.evaluator import BaseMetric

from mogaseg.errors import ConfigError, DataError
from mogaseg.registry import METRICS
from .ssim import structural_similarity

ALLOWED_METRICS = ('mse', 'mae', 'rmse', 'ssim', 'psnr')
ERROR_METRICS = ('mse', 'mae', 'rmse')  # the ones from the error sums


@METRICS.register_module()
class VideoPredictionMetric(BaseMetric):
    """MSE, MAE, RMSE, SSIM and PSNR of predicted video frames.

    Each data sample (a dict, as MMEngine's ``Evaluator`` passes it) holds
    ``pred_frames`` and ``gt_frames``, tensors of shape (T, C, H, W) in the
    dataset's units. Both are first brought back to physical units with
    ``dataset_meta['mean']`` and ``dataset_meta['std']`` (``x * std +
    mean``; a float, or one value per channel), which MMEngine's Runner
    copies from ``dataset.metainfo``; without them the frames are used as
    they are. Then, with N samples of T frames:

    - ``mse`` / ``mae``: the squared / absolute error summed over a frame's
      pixels (C, H, W), averaged over the N x T frames (so it grows with the
      frame size: the published Moving MNIST MSE is per 64x64 frame).
    - ``rmse``: the square root of that ``mse``, not a mean of per-frame
      roots.
    - ``ssim`` / ``psnr``: per frame, after clipping the prediction (not the
      ground truth) to ``clip_range``, averaged over the N x T frames. PSNR
      takes 1 as the peak: ``-10 log10(mean squared error)``. A frame
      predicted exactly has an infinite PSNR, and then so has the mean.

    SSIM is scikit-image's ``structural_similarity`` variant (uniform 7x7
    window, ``K1=0.01``, ``K2=0.03``, sample covariance, the window radius
    left out at the border, the mean over channels), computed here in torch
    in float64. Its constants are ``(K1 * R) ** 2`` and ``(K2 * R) ** 2``
    with ``R = ssim_data_range``, and ``R`` defaults to 2: the published
    tables were made with scikit-image (<= 0.19), which, given float images and
    no data range, took the range of the float dtype, -1 to 1. For frames in
    [0, 1] the textbook value is ``ssim_data_range=1``, which gives a lower
    SSIM (constants 4x smaller), the more so the lower the SSIM. For
    example, on 64x64 frames of bright squares on black predicted shifted
    by a pixel and blurred (3x3), ``R=2`` gives 0.8818 where ``R=1`` gives
    0.8721; predicted as a 9x9 blur, 0.7661 against 0.7268. Set
    ``ssim_data_range=1.0`` to
    report the textbook value, but not beside the published numbers.

    Under distributed evaluation each sample adds one small record to
    ``self.results`` (its error sums per channel, SSIM and PSNR sums over
    its frames), so the gathered results stay small and no prediction is
    kept.

    Args:
        metric (str | Sequence[str]): Which of ``'mse'``, ``'mae'``,
            ``'rmse'``, ``'ssim'``, ``'psnr'`` to compute. Defaults to
            ``('mse', 'mae', 'ssim', 'psnr')``. (Named as mmdet's
            ``CocoMetric`` names it: MMEngine reads a ``metrics`` key in an
            evaluator config as the evaluator's own list of metrics.)
        clip_range (Sequence[float], optional): The range the prediction is
            clipped to for SSIM and PSNR; None for no clipping.
            Defaults to (0, 1).
        ssim_data_range (float): The data range ``R`` of SSIM's constants.
            Defaults to 2.0, the published tables' convention (see above).
        spatial_norm (bool): Divide MSE and MAE by the number of values in a
            frame (C x H x W, or per channel group, see ``channel_names``),
            i.e. average over pixels instead of summing, as the published
            WeatherBench numbers do. Defaults to False.
        channel_names (Sequence[str], optional): Names of equal groups of
            channels (e.g. the variables of a multi-variable WeatherBench
            set). MSE, MAE and RMSE are then also reported per group as
            ``mse_<name>`` etc., and ``mse`` / ``mae`` / ``rmse`` are the
            means of the groups' values. Defaults to None.
        collect_device (str): Device for gathering results across ranks,
            ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Prefix of the metric names. Defaults to
            ``'video'``, so the keys are ``video/mse``, ``video/ssim`` ...
        collect_dir (str, optional): Directory for gathering results with
            ``collect_device='cpu'``. Defaults to None.
    """

    default_prefix: Optional[str] = 'video'

    def __init__(self,
                 metric: Union[str, Sequence[str]] = ('mse', 'mae', 'ssim',
                                                     'psnr'),
                 clip_range: Optional[Sequence[float]] = (0., 1.),
                 ssim_data_range: float = 2.0,
                 spatial_norm: bool = False,
                 channel_names: Optional[Sequence[str]] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None,
                 collect_dir: Optional[str] = None) -> None:
        super().__init__(
            collect_device=collect_device,
            prefix=prefix,
            collect_dir=collect_dir)
        metrics = (metric, ) if isinstance(metric, str) else tuple(metric)
        unknown = [name for name in metrics if name not in ALLOWED_METRICS]
        if unknown or not metrics:
            raise ConfigError(
                f'VideoPredictionMetric: metric={list(metrics)}; expected '
                f'a non-empty subset of {list(ALLOWED_METRICS)}')
        if clip_range is not None and (len(clip_range) != 2
                                       or clip_range[0] > clip_range[1]):
            raise ConfigError(
                f'VideoPredictionMetric: clip_range={clip_range}; expected '
                '(low, high) with low <= high, or None')
        if not ssim_data_range > 0:
            raise ConfigError(
                f'VideoPredictionMetric: ssim_data_range={ssim_data_range}; '
                'expected a positive number')
        if channel_names is not None and len(channel_names) == 0:
            raise ConfigError('VideoPredictionMetric: channel_names is '
                              'empty; give one name per channel group or '
                              'None')
        self.metrics = tuple(dict.fromkeys(metrics))  # ordered, no repeats
        self.clip_range = None if clip_range is None else (
            float(clip_range[0]), float(clip_range[1]))
        self.ssim_data_range = float(ssim_data_range)
        self.spatial_norm = spatial_norm
        self.channel_names = None if channel_names is None else [
            str(name) for name in channel_names
        ]

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Add one record per sample to ``self.results``: the sums over the
        sample's frames that :meth:`compute_metrics` averages.

        The sums are computed in float64 on the predictions' device, a batch
        at a time, and only they are kept (as Python floats).

        Args:
            data_batch (Any): The batch from the dataloader (unused).
            data_samples (Sequence[dict]): The model's outputs, each with
                ``pred_frames`` and ``gt_frames`` of shape (T, C, H, W).
        """
        pairs = [self._checked_frames(sample) for sample in data_samples]
        if len({pred.shape for pred, _ in pairs}) > 1:
            batches = [[pair] for pair in pairs]  # one sample at a time
        else:
            batches = [pairs] if pairs else []
        for batch in batches:
            pred = torch.stack([pred for pred, _ in batch])
            gt = torch.stack([gt for _, gt in batch])
            self.results.extend(self._records(pred, gt))

    def _checked_frames(
            self, data_sample: Any) -> Tuple[torch.Tensor, torch.Tensor]:
        """A sample's (pred, gt) frames in float64 and physical units,
        after checking them against the metric and the dataset."""
        if hasattr(data_sample, 'to_dict'):  # a BaseDataElement
            data_sample = data_sample.to_dict()
        where = _describe_sample(data_sample)
        pred, gt = _frames(data_sample, where)
        _, channels, height, width = pred.shape
        if self.channel_names is not None and any(
                name in self.metrics for name in ERROR_METRICS
        ) and channels % len(self.channel_names):
            raise DataError(
                f'VideoPredictionMetric: {where} has {channels} channels; '
                f'expected a multiple of the {len(self.channel_names)} '
                f'channel_names {self.channel_names}')
        if 'ssim' in self.metrics and min(height, width) < 7:
            raise DataError(
                f'VideoPredictionMetric: {where} has frames of '
                f'{height}x{width}; SSIM needs at least 7x7 (its window)')
        meta = self.dataset_meta or {}
        if meta.get('mean') is None or meta.get('std') is None:
            return pred, gt  # no statistics: the frames are in their units
        mean = per_channel_stat(meta['mean'], 'mean', pred, where)
        std = per_channel_stat(meta['std'], 'std', pred, where)
        return pred * std + mean, gt * std + mean

    def _records(self, pred: torch.Tensor,
                 gt: torch.Tensor) -> List[Dict[str, Any]]:
        """One record of frame sums per sample of a batch of shape
        (B, T, C, H, W)."""
        batch_size, num_frames, channels, height, width = pred.shape
        sums: Dict[str, torch.Tensor] = {}
        if any(name in self.metrics for name in ERROR_METRICS):
            error = pred - gt
            # Per sample and channel, summed over frames and pixels.
            sums['squared_error'] = error.square().sum(dim=(1, 3, 4))
            sums['absolute_error'] = error.abs().sum(dim=(1, 3, 4))
            if self.spatial_norm:
                num_groups = len(self.channel_names or [None])
                values = channels // num_groups * height * width
                sums['squared_error'] /= values
                sums['absolute_error'] /= values
        if 'ssim' in self.metrics or 'psnr' in self.metrics:
            clipped = pred if self.clip_range is None else pred.clamp(
                *self.clip_range)
            if 'ssim' in self.metrics:
                sums['ssim_sum'] = structural_similarity(
                    clipped, gt, self.ssim_data_range).sum(dim=1)
            if 'psnr' in self.metrics:
                frame_mse = (clipped - gt).square().mean(dim=(2, 3, 4))
                psnr = torch.where(frame_mse == 0,
                                   torch.full_like(frame_mse, math.inf),
                                   -10 * torch.log10(frame_mse))
                sums['psnr_sum'] = psnr.sum(dim=1)
        # Plain floats: a record shares no storage with the batch's tensors.
        lists = {key: value.cpu().tolist() for key, value in sums.items()}
        return [
            dict(num_frames=num_frames,
                 **{key: value[i]
                    for key, value in lists.items()})
            for i in range(batch_size)
        ]

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Average the samples' frame sums over all frames.

        Args:
            results (list[dict]): One record per sample, from
                :meth:`process` on every rank.

        Returns:
            dict[str, float]: The requested metrics, e.g. ``mse``, ``ssim``
            (and ``mse_<name>`` ... with ``channel_names``); MMEngine adds
            the prefix.
        """
        if not results:
            raise DataError('VideoPredictionMetric: no sample was processed; '
                            'expected at least one prediction')
        num_frames = sum(record['num_frames'] for record in results)
        metrics: Dict[str, float] = {}
        for name in self.metrics:
            if name in ERROR_METRICS:
                metrics.update(self._error_metric(name, results, num_frames))
            else:
                total = math.fsum(record[f'{name}_sum'] for record in results)
                metrics[name] = total / num_frames
        return metrics

    def _error_metric(self, name: str, results: List[dict],
                      num_frames: int) -> Dict[str, float]:
        """MSE, MAE or RMSE, and its value per channel group if named."""
        key = 'absolute_error' if name == 'mae' else 'squared_error'
        channels = sorted({len(record[key]) for record in results})
        if len(channels) > 1:
            raise DataError(
                'VideoPredictionMetric: the samples have different numbers '
                f'of channels {channels}; expected one')
        per_channel = torch.tensor([record[key] for record in results],
                                   dtype=torch.float64).sum(dim=0) / num_frames
        if self.channel_names is None:
            value = per_channel.sum().item()
            return {name: math.sqrt(value) if name == 'rmse' else value}
        groups = per_channel.reshape(len(self.channel_names), -1).sum(dim=1)
        if name == 'rmse':
            groups = groups.sqrt()
        values = {
            f'{name}_{channel}': group.item()
            for channel, group in zip(self.channel_names, groups)
        }
        values[name] = groups.mean().item()
        return values


def _describe_sample(data_sample: dict) -> str:
    """'sample 12' (its dataset index), or 'a sample' without one."""
    index = data_sample.get('sample_idx')
    return 'a sample' if index is None else f'sample {index}'


def _frames(data_sample: dict,
            where: str) -> Tuple[torch.Tensor, torch.Tensor]:
    """The sample's predicted and true frames, float64 on their device,
    checked to be (T, C, H, W) of one shape."""
    frames = []
    for key in ('pred_frames', 'gt_frames'):
        if key not in data_sample:
            raise DataError(
                f'VideoPredictionMetric: {where} has no {key!r} (keys: '
                f'{sorted(data_sample)}); expected pred_frames and gt_frames '
                'of shape (T, C, H, W)')
        value = torch.as_tensor(data_sample[key]).detach()
        if value.device.type == 'mps':  # it has no float64
            value = value.cpu()
        frames.append(value.to(torch.float64))
    pred, gt = frames
    if pred.dim() != 4 or pred.shape != gt.shape:
        raise DataError(
            f'VideoPredictionMetric: {where} has pred_frames of shape '
            f'{tuple(pred.shape)} and gt_frames of shape {tuple(gt.shape)}; '
            'expected both (T, C, H, W) of the same shape')
    return pred, gt


def per_channel_stat(value: Union[float, Sequence[float], Any], key: str,
                 frames: torch.Tensor, where: str) -> torch.Tensor:
    """A dataset statistic as a float64 tensor on the frames' device that
    broadcasts over their (T, C, H, W): a scalar, or one value per
    channel."""
    channels = frames.shape[1]
    stat = torch.as_tensor(
        value, dtype=torch.float64, device=frames.device).reshape(-1)
    if stat.numel() == 1:
        return stat.reshape(())
    if stat.numel() != channels:
        raise DataError(
            f"VideoPredictionMetric: dataset_meta['{key}'] has "
            f'{stat.numel()} values but {where} has {channels} channels; '
            'expected one value or one per channel')
    return stat.reshape(channels, 1, 1)
