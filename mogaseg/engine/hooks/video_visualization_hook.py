"""Draw a video model's test predictions (``tools/test.py --show-dir``)."""
import os.path as osp
from typing import Optional, Sequence

import mmcv
from mmengine.hooks import Hook

from mogaseg.registry import HOOKS
from mogaseg.visualization import draw_video_prediction


@HOOKS.register_module()
class VideoVisualizationHook(Hook):
    """Write one PNG per test sequence: its input frames, the ground truth
    and the prediction, a row each (:func:`~mogaseg.visualization.
    draw_video_prediction`), named by the sequence's index.

    Args:
        enable (bool): Draw at all; ``tools/test.py --show-dir`` turns it
            on. Defaults to False.
        interval (int): Draw every ``interval``-th sequence. Defaults to 1.
        out_dir (str, optional): Where the PNGs go; a relative path is under
            the run's work dir. Defaults to ``<work_dir>/vis``.
    """

    def __init__(self,
                 enable: bool = False,
                 interval: int = 1,
                 out_dir: Optional[str] = None):
        if interval < 1:
            raise ValueError(f'interval must be at least 1, got {interval}')
        self.enable = enable
        self.interval = interval
        self.out_dir = out_dir

    def after_test_iter(self, runner, batch_idx: int, data_batch: dict,
                        outputs: Sequence) -> None:
        if not self.enable:
            return
        out_dir = osp.join(runner.work_dir, self.out_dir or 'vis')
        for inputs, sample in zip(data_batch['inputs'], outputs):
            idx = sample.metainfo.get('sample_idx', batch_idx)
            if idx % self.interval:
                continue
            grid = draw_video_prediction(inputs.cpu(),
                                         sample.gt_frames.cpu(),
                                         sample.pred_frames.cpu())
            mmcv.imwrite(grid, osp.join(out_dir, f'{idx:06d}.png'))
