"""tools/train.py and tools/test.py on generated COCO-layout data: the same
scripts as for classification, nothing task-specific in them."""
import os.path as osp
import re

import pytest

CONFIG = ('configs/moganet/'
          'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py')


@pytest.fixture
def tool_options(loader_options):

    def options(root):
        evaluators = [
            f'{evaluator}.ann_file={root}/annotations/instances_val2017.json'
            for evaluator in ('val_evaluator', 'test_evaluator')
        ]
        return ['model.backbone.init_cfg=None', *evaluators,
                *loader_options(root, batch_size=2)]

    return options


@pytest.mark.slow
def test_mask_rcnn_train_then_test_with_show_dir(tmp_path, tiny_coco,
                                                 run_tool, tool_options):
    work_dir = str(tmp_path / 'work')
    proc, log = run_tool('train.py', CONFIG, '--work-dir', work_dir,
                         '--cfg-options', 'train_cfg.max_epochs=1',
                         'train_cfg.val_interval=1',
                         'param_scheduler.1.end=1',
                         'default_hooks.logger.interval=1',
                         *tool_options(tiny_coco))
    assert proc.returncode == 0, log[-4000:]
    assert 'loss_mask' in log and 'coco/bbox_mAP' in log
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    assert osp.isfile(checkpoint)

    show_dir = tmp_path / 'vis'
    proc, log = run_tool('test.py', CONFIG, checkpoint, '--work-dir',
                         str(tmp_path / 'test'), '--show-dir', str(show_dir),
                         '--cfg-options', *tool_options(tiny_coco))
    assert proc.returncode == 0, log[-4000:]
    for key in ('coco/bbox_mAP', 'coco/bbox_mAP_50', 'coco/segm_mAP',
                'coco/segm_mAP_50'):
        value = float(re.findall(rf'{key}: ([-\d.]+)', log)[-1])
        assert -1 <= value <= 1
    drawn = sorted(show_dir.rglob('*.png'))
    assert len(drawn) == 4  # every val image
    assert all(p.stat().st_size > 0 for p in drawn)


def test_missing_annotation_file_is_named_before_training(
        tmp_path, tiny_coco, run_tool, tool_options):
    proc, output = run_tool(
        'train.py', CONFIG, '--work-dir', str(tmp_path), '--cfg-options',
        *tool_options(tiny_coco),
        'train_dataloader.dataset.ann_file=annotations/gone.json')
    assert proc.returncode == 1
    assert f'{tiny_coco}/annotations/gone.json' in proc.stderr
    assert 'Traceback' not in output


def test_class_mismatch_is_explained_before_training(tmp_path, tiny_coco,
                                                     run_tool, tool_options):
    proc, output = run_tool(
        'train.py', CONFIG, '--work-dir', str(tmp_path), '--cfg-options',
        *tool_options(tiny_coco), 'model.roi_head.bbox_head.num_classes=80')
    assert proc.returncode == 1
    assert 'model.roi_head.bbox_head.num_classes = 80' in proc.stderr
    assert 'Traceback' not in output
