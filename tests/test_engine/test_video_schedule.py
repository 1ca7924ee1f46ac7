"""The video configs' one-cycle schedule, built from MMEngine's schedulers,
is the release's torch ``OneCycleLR`` (its defaults, with Adam's beta1
cycled the other way)."""
import pytest
import torch
from mmengine.config import Config
from mmengine.optim import OptimWrapper
from mmengine.registry import PARAM_SCHEDULERS

SCHEDULE = 'configs/_base_/schedules/video_adam_onecycle_200e.py'


def test_one_cycle_schedule_is_torch_one_cycle():
    cfg = Config.fromfile(SCHEDULE)
    epoch_length = 5
    total = cfg.max_epochs * epoch_length
    optimizer = dict(cfg.optim_wrapper.optimizer)
    assert optimizer.pop('type') == 'Adam'

    ours = OptimWrapper(
        torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], **optimizer))
    schedulers = []
    for scheduler in cfg.param_scheduler:
        scheduler = dict(scheduler)
        assert scheduler.pop('convert_to_iter_based')
        schedulers.append(
            PARAM_SCHEDULERS.get(scheduler.pop('type')).build_iter_from_epoch(
                ours, epoch_length=epoch_length, **scheduler))
    reference = torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))],
                                 lr=1e-3, weight_decay=0.)
    torch_schedule = torch.optim.lr_scheduler.OneCycleLR(
        reference, max_lr=1e-3, total_steps=total, final_div_factor=1e4)

    # beta1 changes by at most pi/2 * 0.1 / (0.3 * total) a step; the two
    # may switch from falling to rising one step apart
    beta_step = 3.1416 / 2 * 0.1 / (0.3 * total)
    for _ in range(total):
        got, expected = ours.param_groups[0], reference.param_groups[0]
        assert got['lr'] == pytest.approx(expected['lr'], rel=1e-9)
        assert got['betas'][0] == pytest.approx(
            expected['betas'][0], abs=beta_step)
        ours.step()
        reference.step()
        for scheduler in schedulers:
            scheduler.step()
        torch_schedule.step()
