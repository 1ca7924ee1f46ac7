"""tools/train.py and tools/test.py on generated ADE20K-layout data."""
import os.path as osp
import re

import pytest

CONFIG = 'configs/moganet/fpn_moganet-xtiny_1xb8_demo-ade20k-128px.py'


@pytest.fixture
def tool_options(loader_options):

    def options(root):
        return [
            'model.backbone.init_cfg=None',
            'model.data_preprocessor.size=(64,64)', *loader_options(root),
            'train_dataloader.batch_size=2'
        ]

    return options


@pytest.mark.slow
def test_semantic_fpn_train_then_test_with_show_dir(tmp_path, tiny_ade20k,
                                                    run_tool, tool_options):
    work_dir = str(tmp_path / 'work')
    proc, log = run_tool('train.py', CONFIG, '--work-dir', work_dir,
                         '--cfg-options', 'train_cfg.max_iters=4',
                     'train_cfg.val_interval=4',
                     'default_hooks.checkpoint.interval=4',
                     'param_scheduler.0.end=2', 'param_scheduler.1.begin=2',
                     'param_scheduler.1.end=4',
                     'default_hooks.logger.interval=1',
                     *tool_options(tiny_ade20k))
    assert proc.returncode == 0, log[-4000:]
    assert 'decode.loss_ce' in log and 'mIoU' in log
    checkpoint = osp.join(work_dir, 'iter_4.pth')
    assert osp.isfile(checkpoint)

    show_dir = tmp_path / 'vis'
    proc, log = run_tool('test.py', CONFIG, checkpoint, '--work-dir',
                         str(tmp_path / 'test'), '--show-dir', str(show_dir),
                         '--cfg-options', *tool_options(tiny_ade20k))
    assert proc.returncode == 0, log[-4000:]
    for key in ('aAcc', 'mIoU', 'mAcc'):
        value = float(re.findall(rf'{key}: ([-\d.]+)', log)[-1])
        assert 0 <= value <= 100
    drawn = sorted(show_dir.rglob('*.png'))
    assert len(drawn) == 3  # every validation image
    assert all(p.stat().st_size > 0 for p in drawn)


def test_missing_image_folder_is_named(tmp_path, tiny_ade20k, run_tool,
                                       tool_options):
    proc, log = run_tool(
        'train.py', CONFIG, '--work-dir', str(tmp_path),
        '--cfg-options', *tool_options(tiny_ade20k),
        'train_dataloader.dataset.data_prefix.img_path=images/train')
    assert proc.returncode == 1
    assert f'{tiny_ade20k}/images/train' in proc.stderr
    assert 'Traceback' not in log


def test_out_of_range_label_names_the_file(tmp_path, tiny_ade20k,
                                           run_tool, tool_options):
    import shutil

    import numpy as np
    from PIL import Image
    root = tmp_path / 'ade'
    shutil.copytree(tiny_ade20k, root)
    bad = root / 'annotations/training/ADE_train_00000002.png'
    labels = np.array(Image.open(bad))
    labels[0, 0] = 200  # class 199 after reduce_zero_label: no such class
    Image.fromarray(labels).save(bad)
    proc, log = run_tool(
        'train.py', CONFIG, '--work-dir', str(tmp_path / 'w'),
        '--cfg-options', *tool_options(str(root)), 'train_cfg.max_iters=4',
        'train_cfg.val_interval=4')
    # stopped before training, in one paragraph naming the stored value
    assert proc.returncode == 1, log[-3000:]
    assert 'Traceback' not in log
    assert 'ADE_train_00000002.png stores 200 (read as 199)' in log
    assert not (tmp_path / 'w' / 'last_checkpoint').exists()
