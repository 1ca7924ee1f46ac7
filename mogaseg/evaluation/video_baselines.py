"""The trivial video predictions a trained model must beat, scored by the
same metric: empty frames, and the last input frame repeated."""
from typing import Callable, Dict, Iterable

import torch
from mmengine.evaluator import BaseMetric
from torch.utils.data import Dataset

from .video_prediction_metric import per_channel_stat


def predict_zeros(inputs: torch.Tensor, num_frames: int,
                  metainfo: dict) -> torch.Tensor:
    """Frames of zeros in the data's physical units (``-mean / std`` in
    the normalised units the dataset gives)."""
    mean = per_channel_stat(metainfo.get('mean', 0.), 'mean', inputs,
                            'the inputs')
    std = per_channel_stat(metainfo.get('std', 1.), 'std', inputs,
                           'the inputs')
    return (-mean / std).float().expand(num_frames, *inputs.shape[1:])


def predict_last_frame(inputs: torch.Tensor, num_frames: int,
                       metainfo: dict) -> torch.Tensor:
    """The last input frame, repeated."""
    return inputs[-1:].expand(num_frames, *inputs.shape[1:])


TRIVIAL_PREDICTIONS: Dict[str, Callable[..., torch.Tensor]] = {
    'zeros': predict_zeros,
    'copy the last frame': predict_last_frame,
}


def score_trivial_predictions(
        dataset: Dataset, metric: BaseMetric,
        names: Iterable[str] = tuple(TRIVIAL_PREDICTIONS)
) -> Dict[str, Dict[str, float]]:
    """Each trivial prediction's metrics on every item of ``dataset``
    (``dict(inputs, targets)`` items), computed by ``metric`` with the
    dataset's ``metainfo`` as its ``dataset_meta``."""
    metric.dataset_meta = dataset.metainfo
    scores = {}
    for name in names:
        predict = TRIVIAL_PREDICTIONS[name]
        for item in dataset:
            targets = item['targets']
            pred = predict(item['inputs'], targets.shape[0], dataset.metainfo)
            metric.process({}, [dict(pred_frames=pred, gt_frames=targets)])
        scores[name] = metric.evaluate(len(dataset))
    return scores

