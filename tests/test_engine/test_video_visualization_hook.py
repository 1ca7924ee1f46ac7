"""tools/test.py --show-dir on a video config: one PNG per test sequence,
its inputs, truth and prediction a row each."""
from types import SimpleNamespace

import mmcv
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.structures import BaseDataElement

from mogaseg.engine.hooks import VideoVisualizationHook
from mogaseg.engine.launch import _enable_show_dir


def _batch(num, frames=3, size=8):
    inputs = torch.rand(num, frames, 1, size, size)
    inputs[:, :, :, 0, 0] = 0.  # the grey levels span exactly [0, 1]
    samples = []
    for i in range(num):
        sample = BaseDataElement(pred_frames=torch.zeros(frames, 1, size,
                                                         size),
                                 gt_frames=torch.ones(frames, 1, size, size))
        sample.set_metainfo(dict(sample_idx=10 + i))
        samples.append(sample)
    return dict(inputs=inputs), samples


def test_each_sequence_is_drawn_by_its_index(tmp_path):
    hook = VideoVisualizationHook(enable=True, interval=2,
                                  out_dir=str(tmp_path / 'vis'))
    data_batch, outputs = _batch(3)
    hook.after_test_iter(SimpleNamespace(work_dir=str(tmp_path)), 0,
                         data_batch, outputs)
    assert sorted(p.name for p in (tmp_path / 'vis').iterdir()) == [
        '000010.png', '000012.png'
    ]
    grid = mmcv.imread(str(tmp_path / 'vis' / '000010.png'), 'grayscale')
    assert grid.shape == (3 * 8 + 2 * 2, 80 + 3 * (8 + 2))
    first = slice(80, 88)
    # truth (all ones) at the top of the range, prediction (zeros) at 0
    assert (grid[10:18, first] == 255).all()
    assert (grid[20:28, first] == 0).all()
    assert np.array_equal(
        grid[0:8, first],
        (data_batch['inputs'][0, 0, 0] * 255).round().byte().numpy())


def test_disabled_draws_nothing(tmp_path):
    hook = VideoVisualizationHook(out_dir=str(tmp_path / 'vis'))
    hook.after_test_iter(SimpleNamespace(work_dir=str(tmp_path)), 0,
                         *_batch(1))
    assert not (tmp_path / 'vis').exists()


def test_show_dir_turns_it_on():
    cfg = Config.fromfile('configs/moganet/simvp_moganet_1xb8_demo-mmnist.py')
    _enable_show_dir(cfg, 'out/vis')
    hook = cfg.default_hooks.visualization
    assert hook.enable and hook.out_dir.endswith('out/vis')


def test_interval_must_be_positive():
    with pytest.raises(ValueError, match='interval must be at least 1'):
        VideoVisualizationHook(interval=0)
