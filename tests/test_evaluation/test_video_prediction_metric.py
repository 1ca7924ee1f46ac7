import math

import numpy as np
import pytest
import torch
from mmengine.evaluator import Evaluator
from mmengine.structures import BaseDataElement

from mogaseg.errors import ConfigError, DataError
from mogaseg.evaluation import VideoPredictionMetric
from mogaseg.registry import METRICS

ALL_METRICS = ('mse', 'mae', 'rmse', 'ssim', 'psnr')


def make_frames(seed, shape):
    """(pred, gt) float32 arrays of shape (N, T, C, H, W): ground truth
    mostly 0 with bright values in [0.6, 1), the prediction a noisy copy
    partly outside [0, 1]. RandomState's streams are frozen, so these are
    the arrays the reference values below were computed on."""
    rs = np.random.RandomState(seed)
    gt = rs.rand(*shape)
    gt[gt < 0.6] = 0.
    pred = 0.8 * gt + 0.2 * rs.randn(*shape) + 0.05
    return pred.astype(np.float32), gt.astype(np.float32)


# Reference values: the release's own `metric(pred, true, mean, std,
# metrics=['mse', 'mae', 'rmse', 'ssim', 'psnr'], ...)` from
# openstl/core/metrics.py (commit c74deb5d4c3da585291f9f18281f3fefdbba3a54),
# run once outside CI on the arrays of make_frames() with numpy 1.26.4,
# scikit-image 0.19.3 (the last release whose structural_similarity takes
# multichannel=True and, for float images, data_range=2 from the dtype),
# scipy 1.11.4 and opencv-python-headless 4.11.0.86 on Python 3.11.7 (its
# imports of torch and lpips, only used for LPIPS, stubbed out).
# ONE_CHANNEL: make_frames(0, (4, 10, 1, 64, 64)), mean and std None.
# TWO_CHANNELS: make_frames(1, (3, 10, 2, 32, 32)) as normalised data,
# mean=[0.1, 0.5], std=[0.5, 0.25] (arrays of shape (1, 2, 1, 1)).
# TWO_CHANNELS_NAMED: the same with channel_names=['u10', 'v10'] and
# spatial_norm=True.
ONE_CHANNEL = dict(
    mse=190.2772674560547,
    mae=705.8458862304688,
    rmse=13.794102668762207,
    ssim=0.856174772977829,
    psnr=14.27975841873129)
TWO_CHANNELS = dict(
    mse=14.857711968601421,
    mae=132.20269886751345,
    rmse=3.8545702702897273,
    ssim=0.8639654493260437,
    psnr=21.673894176000275)
TWO_CHANNELS_NAMED = dict(
    mse_u10=0.01162774110779111,
    mse_v10=0.0028817432365462158,
    mse=0.007254742172168663,
    mae_u10=0.08625102179387839,
    mae_v10=0.042853176318927697,
    mae=0.06455209905640305,
    rmse_u10=0.1078320040980001,
    rmse_v10=0.05368187065058571,
    rmse=0.0807569373742929,
    ssim=0.8639654493260437,
    psnr=21.673894176000275)
# With float32 inputs (ONE_CHANNEL) the release computes MSE, MAE and PSNR's
# frame MSE in float32 (numpy's pairwise sums over <= 4096 terms) and
# scikit-image computes SSIM in float32; de-normalised with float64 statistics
# (TWO_CHANNELS) all but PSNR's frame MSE are float64. The metric uses
# float64. float32's unit round-off is 6e-8 and the summation error grows
# with log2 of the number of terms (<= 12 + 6 here), so the two agree to
# ~1e-6 relative: rel=1e-5 for the error sums, 1e-5 absolute for SSIM (in
# [-1, 1]) and 1e-4 dB for PSNR (10 / ln 10 x 1e-5 relative MSE error =
# 4e-5 dB). Measured: at most 6e-8 relative (MAE, ONE_CHANNEL).
TOLERANCE = dict(
    mse=dict(rel=1e-5),
    mae=dict(rel=1e-5),
    rmse=dict(rel=1e-5),
    ssim=dict(abs=1e-5),
    psnr=dict(abs=1e-4))


def samples(pred, gt, start=0):
    """The data samples of a batch as MMEngine's Evaluator passes them."""
    return [
        dict(
            pred_frames=torch.from_numpy(np.ascontiguousarray(p)),
            gt_frames=torch.from_numpy(np.ascontiguousarray(g)),
            sample_idx=start + i) for i, (p, g) in enumerate(zip(pred, gt))
    ]


def evaluate(metric, pred, gt, batch_sizes=None):
    """Run ``metric`` over the samples in batches of ``batch_sizes``."""
    batch_sizes = batch_sizes or [len(pred)]
    assert sum(batch_sizes) == len(pred)
    start = 0
    for size in batch_sizes:
        metric.process(
            None,
            samples(pred[start:start + size], gt[start:start + size], start))
        start += size
    return metric.evaluate(len(pred))


def assert_matches(results, expected, prefix='video/'):
    assert set(results) == {prefix + key for key in expected}
    for key, value in expected.items():
        name = key.split('_')[0]
        assert results[prefix + key] == pytest.approx(
            value, **TOLERANCE[name]), key


def test_registered_and_built_from_config():
    assert METRICS.get('VideoPredictionMetric') is VideoPredictionMetric
    metric = METRICS.build(
        dict(type='VideoPredictionMetric', metric=['mse', 'ssim']))
    assert metric.metrics == ('mse', 'ssim')
    assert metric.prefix == 'video'


def test_one_channel_matches_the_release():
    pred, gt = make_frames(0, (4, 10, 1, 64, 64))
    results = evaluate(VideoPredictionMetric(metric=ALL_METRICS), pred, gt)
    assert_matches(results, ONE_CHANNEL)


def test_two_channels_denormalised_match_the_release():
    pred, gt = make_frames(1, (3, 10, 2, 32, 32))
    metric = VideoPredictionMetric(metric=ALL_METRICS)
    metric.dataset_meta = dict(mean=[0.1, 0.5], std=[0.5, 0.25])
    assert_matches(evaluate(metric, pred, gt), TWO_CHANNELS)


def test_named_channel_groups_with_spatial_norm_match_the_release():
    pred, gt = make_frames(1, (3, 10, 2, 32, 32))
    metric = VideoPredictionMetric(
        metric=ALL_METRICS, channel_names=['u10', 'v10'], spatial_norm=True)
    metric.dataset_meta = dict(
        mean=np.array([0.1, 0.5]).reshape(1, 2, 1, 1),
        std=np.array([0.5, 0.25]).reshape(1, 2, 1, 1))
    assert_matches(evaluate(metric, pred, gt), TWO_CHANNELS_NAMED)


@pytest.mark.parametrize('mean, std', [(0.25, 2.0), ([0.1, 0.5], [0.5, 4.])])
def test_denormalises_with_dataset_meta(mean, std):
    """Normalised frames with the dataset's mean and std score as the
    physical frames do without them."""
    pred, gt = make_frames(2, (2, 3, 2, 16, 16))
    shape = (2, 1, 1)
    mean_arr = np.broadcast_to(np.asarray(mean, np.float64), 2).reshape(shape)
    std_arr = np.broadcast_to(np.asarray(std, np.float64), 2).reshape(shape)
    physical = VideoPredictionMetric(metric=ALL_METRICS)
    expected = evaluate(physical, pred, gt)

    normalised = VideoPredictionMetric(metric=ALL_METRICS)
    normalised.dataset_meta = dict(mean=mean, std=std, classes=None)
    results = evaluate(normalised, ((pred - mean_arr) / std_arr),
                       ((gt - mean_arr) / std_arr))
    assert results.keys() == expected.keys()
    for key in expected:
        # (x - mean) / std * std + mean in float64: equal to ~1e-15.
        assert results[key] == pytest.approx(expected[key], rel=1e-9), key
    # And the statistics were applied: without them the values differ.
    plain = evaluate(
        VideoPredictionMetric(metric=ALL_METRICS), (pred - mean_arr) /
        std_arr, (gt - mean_arr) / std_arr)
    assert plain['video/mse'] != pytest.approx(expected['video/mse'])


def test_perfect_prediction():
    _, gt = make_frames(3, (2, 4, 1, 16, 16))
    metric = VideoPredictionMetric(metric=ALL_METRICS)
    results = evaluate(metric, gt, gt)
    assert results['video/mse'] == results['video/mae'] == 0
    assert results['video/rmse'] == 0
    assert results['video/ssim'] == pytest.approx(1, abs=1e-12)
    # One exactly predicted frame has an infinite PSNR, as has their mean.
    assert results['video/psnr'] == math.inf


def test_one_exact_frame_makes_psnr_infinite_and_leaves_the_rest_finite():
    pred, gt = make_frames(4, (2, 3, 1, 16, 16))
    pred[1, 2] = gt[1, 2]
    results = evaluate(VideoPredictionMetric(metric=ALL_METRICS), pred, gt)
    assert results['video/psnr'] == math.inf
    assert all(math.isfinite(results[f'video/{key}'])
               for key in ('mse', 'mae', 'rmse', 'ssim'))


def test_independent_of_batching_and_ranks():
    pred, gt = make_frames(5, (6, 3, 2, 16, 16))
    whole = evaluate(VideoPredictionMetric(metric=ALL_METRICS), pred, gt)
    for batch_sizes in ([1] * 6, [2, 4], [5, 1]):
        assert evaluate(
            VideoPredictionMetric(metric=ALL_METRICS), pred, gt,
            batch_sizes) == pytest.approx(whole, rel=1e-12)

    # A batch of frames of two sizes is taken a sample at a time.
    small, small_gt = make_frames(10, (2, 3, 2, 8, 8))
    mixed = VideoPredictionMetric(metric=ALL_METRICS)
    mixed.process(None, samples(pred[:2], gt[:2]) + samples(small, small_gt))
    apart = VideoPredictionMetric(metric=ALL_METRICS)
    apart.process(None, samples(pred[:2], gt[:2]))
    apart.process(None, samples(small, small_gt))
    assert mixed.results == apart.results
    assert len(mixed.results) == 4

    # Two ranks' records, gathered as MMEngine's collect_results does.
    ranks = [VideoPredictionMetric(metric=ALL_METRICS) for _ in range(2)]
    ranks[0].process(None, samples(pred[:4], gt[:4]))
    ranks[1].process(None, samples(pred[4:], gt[4:], start=4))
    gathered = ranks[0].results + ranks[1].results
    assert len(gathered) == len(pred)  # one record a sample
    computed = ranks[0].compute_metrics(gathered)
    assert {f'video/{k}': v
            for k, v in computed.items()} == pytest.approx(whole, rel=1e-12)


def test_keeps_only_small_per_sample_records():
    pred, gt = make_frames(6, (2, 5, 3, 16, 16))
    metric = VideoPredictionMetric(metric=ALL_METRICS)
    metric.process(None, samples(pred, gt))
    assert len(metric.results) == 2  # one a sample
    for record in metric.results:
        assert set(record) == {
            'num_frames', 'squared_error', 'absolute_error', 'ssim_sum',
            'psnr_sum'
        }
        assert record['num_frames'] == 5
        # Plain floats: one error sum per channel, one SSIM and PSNR sum.
        sums = record['squared_error'] + record['absolute_error']
        assert len(sums) == 6
        assert all(
            type(value) is float
            for value in sums + [record['ssim_sum'], record['psnr_sum']])


def test_default_metrics_and_keys_through_the_evaluator():
    pred, gt = make_frames(7, (2, 3, 1, 16, 16))
    evaluator = Evaluator(dict(type='mogaseg.VideoPredictionMetric'))
    evaluator.dataset_meta = dict(mean=0., std=1.)
    elements = [
        BaseDataElement(
            pred_frames=torch.from_numpy(p),
            gt_frames=torch.from_numpy(g),
            metainfo=dict(sample_idx=i))
        for i, (p, g) in enumerate(zip(pred, gt))
    ]
    evaluator.process(elements)
    results = evaluator.evaluate(2)
    assert list(results) == [
        'video/mse', 'video/mae', 'video/ssim', 'video/psnr'
    ]
    direct = evaluate(VideoPredictionMetric(), pred, gt)
    assert results == direct


def test_prefix_and_rmse_on_request():
    pred, gt = make_frames(8, (1, 2, 1, 8, 8))
    results = evaluate(
        VideoPredictionMetric(metric=['rmse', 'mse'], prefix='mmnist'),
        pred, gt)
    assert list(results) == ['mmnist/rmse', 'mmnist/mse']
    assert results['mmnist/rmse'] == pytest.approx(
        math.sqrt(results['mmnist/mse']), rel=1e-12)


def test_ssim_data_range_is_configurable():
    pred, gt = make_frames(9, (1, 3, 1, 16, 16))
    published = evaluate(VideoPredictionMetric(metric=['ssim']), pred, gt)
    textbook = evaluate(
        VideoPredictionMetric(metric=['ssim'], ssim_data_range=1.0), pred,
        gt)
    assert textbook['video/ssim'] < published['video/ssim']


def test_mismatched_shapes_name_both_shapes():
    metric = VideoPredictionMetric()
    sample = dict(
        pred_frames=torch.zeros(10, 1, 64, 64),
        gt_frames=torch.zeros(10, 1, 32, 32),
        sample_idx=7)
    with pytest.raises(DataError) as error:
        metric.process(None, [sample])
    message = str(error.value)
    assert '\n' not in message
    assert 'sample 7' in message
    assert '(10, 1, 64, 64)' in message and '(10, 1, 32, 32)' in message


@pytest.mark.parametrize('sample, expected', [
    (dict(pred_frames=torch.zeros(1, 64, 64), gt_frames=torch.zeros(
        1, 64, 64)), r'\(1, 64, 64\).*expected both \(T, C, H, W\)'),
    (dict(pred_frames=torch.zeros(2, 1, 8, 8)), "no 'gt_frames'"),
    (dict(pred_frames=torch.zeros(2, 1, 5, 8), gt_frames=torch.zeros(
        2, 1, 5, 8)), '5x8; SSIM needs at least 7x7'),
])
def test_bad_samples_raise_one_line(sample, expected):
    with pytest.raises(DataError, match=expected) as error:
        VideoPredictionMetric().process(None, [sample])
    assert '\n' not in str(error.value)


def test_statistics_must_fit_the_channels():
    metric = VideoPredictionMetric()
    metric.dataset_meta = dict(mean=[0.1, 0.2, 0.3], std=1.)
    sample = dict(
        pred_frames=torch.zeros(2, 2, 8, 8), gt_frames=torch.zeros(2, 2, 8, 8))
    with pytest.raises(DataError, match=r"\['mean'\] has 3 values .* 2 ch"):
        metric.process(None, [sample])


def test_channel_names_must_divide_the_channels():
    metric = VideoPredictionMetric(channel_names=['a', 'b'])
    sample = dict(
        pred_frames=torch.zeros(2, 3, 8, 8), gt_frames=torch.zeros(2, 3, 8, 8))
    with pytest.raises(DataError, match='3 channels; expected a multiple'):
        metric.process(None, [sample])


@pytest.mark.parametrize('kwargs, expected', [
    (dict(metric=['mse', 'lpips']), r"metric=\['mse', 'lpips'\]"),
    (dict(metric=[]), 'non-empty'),
    (dict(clip_range=(1, 0)), 'low <= high'),
    (dict(ssim_data_range=0), 'positive'),
    (dict(channel_names=[]), 'channel_names is empty'),
])
def test_bad_arguments(kwargs, expected):
    with pytest.raises(ConfigError, match=expected):
        VideoPredictionMetric(**kwargs)
