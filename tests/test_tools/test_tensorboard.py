"""TensorBoard logging is one config line (README, "Tools")."""
import math
import os.path as osp
import re

import pytest


def _readme_line(repo_root):
    """The config line the README gives for TensorBoard."""
    with open(osp.join(repo_root, 'README.md')) as f:
        lines = re.findall(r'^visualizer = .*TensorboardVisBackend.*$',
                           f.read(), re.M)
    assert len(lines) == 1
    return lines[0]


@pytest.mark.slow
def test_one_config_line_logs_to_tensorboard(tmp_path, repo_root,
                                             tiny_imagenet, run_tool,
                                             loader_options):
    from tensorboard.backend.event_processing.event_accumulator import \
        EventAccumulator

    config = tmp_path / 'tensorboard_demo.py'
    config.write_text(
        f"_base_ = ['{repo_root}/configs/moganet/"
        "moganet-xtiny_1xb16_demo-imagenet-64px.py']\n"
        f'{_readme_line(repo_root)}\n')
    work_dir = tmp_path / 'work'
    proc, output = run_tool(
        'train.py', str(config), '--work-dir', str(work_dir),
        '--cfg-options', 'train_cfg.max_epochs=1', 'param_scheduler.1.end=2',
        'default_hooks.logger.interval=1',
        *loader_options(tiny_imagenet, **{
            'dataset.classes': '{root}/meta/classes.txt',
            'batch_size': 8
        }))
    assert proc.returncode == 0, output[-3000:]
    events = list(work_dir.rglob('events.out.tfevents.*'))
    assert len(events) == 1
    accumulator = EventAccumulator(str(events[0].parent))
    accumulator.Reload()
    tags = accumulator.Tags()['scalars']
    assert {'loss', 'lr', 'accuracy/top1'} <= set(tags)
    losses = [event.value for event in accumulator.Scalars('loss')]
    assert len(losses) == 4  # 32 images, batches of 8, logged every step
    assert all(math.isfinite(loss) and loss > 0 for loss in losses)
