"""tools/train.py and tools/test.py on generated COCO-layout data: the same
scripts as for classification, nothing task-specific in them."""
import os.path as osp
import re
import subprocess
import sys

import pytest

CONFIG = ('configs/moganet/'
          'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py')


def _options(root):
    options = ['model.backbone.init_cfg=None']
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        options += [
            f'{loader}.dataset.data_root={root}',
            f'{loader}.batch_size=2',
            f'{loader}.num_workers=0',
            f'{loader}.persistent_workers=False',
        ]
    for evaluator in ('val_evaluator', 'test_evaluator'):
        options.append(f'{evaluator}.ann_file='
                       f'{root}/annotations/instances_val2017.json')
    return options


def _run(repo_root, script, *args, expect_ok=True):
    proc = subprocess.run(
        [sys.executable, osp.join(repo_root, 'tools', script), *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=600)
    output = proc.stdout + proc.stderr
    if expect_ok:
        assert proc.returncode == 0, output[-4000:]
    return proc, output


@pytest.mark.slow
def test_mask_rcnn_train_then_test_with_show_dir(tmp_path, tiny_coco,
                                                 repo_root):
    work_dir = str(tmp_path / 'work')
    _, log = _run(repo_root, 'train.py', CONFIG, '--work-dir', work_dir,
                  '--cfg-options', 'train_cfg.max_epochs=1',
                  'train_cfg.val_interval=1', 'param_scheduler.1.end=1',
                  'default_hooks.logger.interval=1', *_options(tiny_coco))
    assert 'loss_mask' in log and 'coco/bbox_mAP' in log
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    assert osp.isfile(checkpoint)

    show_dir = tmp_path / 'vis'
    _, log = _run(repo_root, 'test.py', CONFIG, checkpoint, '--work-dir',
                  str(tmp_path / 'test'), '--show-dir', str(show_dir),
                  '--cfg-options', *_options(tiny_coco))
    for key in ('coco/bbox_mAP', 'coco/bbox_mAP_50', 'coco/segm_mAP',
                'coco/segm_mAP_50'):
        value = float(re.findall(rf'{key}: ([-\d.]+)', log)[-1])
        assert -1 <= value <= 1
    drawn = sorted(show_dir.rglob('*.png'))
    assert len(drawn) == 4  # every val image
    assert all(p.stat().st_size > 0 for p in drawn)


def test_missing_annotation_file_is_named_before_training(
        tmp_path, tiny_coco, repo_root):
    proc, output = _run(
        repo_root, 'train.py', CONFIG, '--work-dir', str(tmp_path),
        '--cfg-options', *_options(tiny_coco),
        'train_dataloader.dataset.ann_file=annotations/gone.json',
        expect_ok=False)
    assert proc.returncode == 1
    assert f'{tiny_coco}/annotations/gone.json' in proc.stderr
    assert 'Traceback' not in output


def test_class_mismatch_is_explained_before_training(tmp_path, tiny_coco,
                                                     repo_root):
    proc, output = _run(
        repo_root, 'train.py', CONFIG, '--work-dir', str(tmp_path),
        '--cfg-options', *_options(tiny_coco),
        'model.roi_head.bbox_head.num_classes=80',
        expect_ok=False)
    assert proc.returncode == 1
    assert 'model.roi_head.bbox_head.num_classes = 80' in proc.stderr
    assert 'Traceback' not in output
