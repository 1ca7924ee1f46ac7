"""tools/train.py and tools/test.py on generated COCO person keypoints: the
same scripts as for the other tasks, nothing task-specific in them."""
import glob
import json
import os.path as osp
import re

import mmcv
import numpy as np
import pytest
import torch

CONFIG = ('configs/moganet/'
          'td-hm_moganet-xtiny_1xb16_demo-coco-keypoints-128px.py')
DETECTIONS = ('person_detection_results/'
              'COCO_val2017_detections_AP_H_56_person.json')


@pytest.fixture
def tool_options(loader_options):

    def options(root):
        evaluators = [
            f'{evaluator}.ann_file={root}/annotations/'
            'person_keypoints_val2017.json'
            for evaluator in ('val_evaluator', 'test_evaluator')
        ]
        return [
            'model.backbone.init_cfg=None', *evaluators,
            *loader_options(root, batch_size=4),
            *(f'{loader}.dataset.bbox_file={root}/{DETECTIONS}'
              for loader in ('val_dataloader', 'test_dataloader'))
        ]

    return options


def test_generated_annotations_are_coco_keypoints(tiny_coco_keypoints):
    with open(osp.join(tiny_coco_keypoints, 'annotations',
                       'person_keypoints_train2017.json')) as f:
        coco = json.load(f)
    category, = coco['categories']
    assert len(category['keypoints']) == 17 and category['skeleton']
    for ann in coco['annotations']:
        keypoints = ann['keypoints']
        assert len(keypoints) == 17 * 3
        visibility = keypoints[2::3]
        assert set(visibility) <= {0, 1, 2}
        assert ann['num_keypoints'] == sum(v > 0 for v in visibility)
        x, y, w, h = ann['bbox']
        assert w > 0 and h > 0 and ann['iscrowd'] == 0
    with open(osp.join(tiny_coco_keypoints, DETECTIONS)) as f:
        detections = json.load(f)
    assert {d['image_id'] for d in detections} == {1, 2, 3, 4}


@pytest.mark.slow
def test_pose_train_then_test_with_show_dir(tmp_path, tiny_coco_keypoints,
                                            run_tool, tool_options):
    work_dir = str(tmp_path / 'work')
    proc, log = run_tool('train.py', CONFIG, '--work-dir', work_dir,
                         '--cfg-options', 'train_cfg.max_epochs=1',
                         'train_cfg.val_interval=1',
                         'param_scheduler.1.end=1',
                         'default_hooks.logger.interval=1',
                         *tool_options(tiny_coco_keypoints))
    assert proc.returncode == 0, log[-4000:]
    assert 'loss_kpt' in log and 'coco/AP' in log
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    assert osp.isfile(checkpoint)

    show_dir = tmp_path / 'vis'
    proc, log = run_tool('test.py', CONFIG, checkpoint, '--work-dir',
                         str(tmp_path / 'test'), '--show-dir', str(show_dir),
                         '--cfg-options', *tool_options(tiny_coco_keypoints))
    assert proc.returncode == 0, log[-4000:]
    for key in ('coco/AP', 'coco/AP .5', 'coco/AP .75', 'coco/AR'):
        value = float(re.findall(rf'{re.escape(key)}: ([-\d.]+)', log)[-1])
        assert 0 <= value <= 1
    drawn = sorted(show_dir.rglob('*.png'))
    # one drawing a detected person (mmpose draws each top-down sample)
    with open(osp.join(tiny_coco_keypoints, DETECTIONS)) as f:
        assert len(drawn) == len(json.load(f))
    assert all(p.stat().st_size > 0 for p in drawn)

    # the analysis tools on the same config and run
    scalars, = glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))
    curves = tmp_path / 'curves.png'
    proc, log = run_tool('analysis/analyze_logs.py', 'plot_curve', scalars,
                         '--keys', 'loss_kpt', 'coco/AP', '--out',
                         str(curves))
    assert proc.returncode == 0 and curves.stat().st_size > 0, log[-2000:]
    proc, log = run_tool('analysis/browse_dataset.py', CONFIG,
                         '--output-dir', str(tmp_path / 'browse'),
                         '--num-images', '2', '--cfg-options',
                         *tool_options(tiny_coco_keypoints))
    assert proc.returncode == 0, log[-2000:]
    assert len(list((tmp_path / 'browse').glob('*.png'))) == 2
    proc, log = run_tool('analysis/get_flops.py', CONFIG, '--shape', '128',
                         '96')
    assert proc.returncode == 0, log[-2000:]
    assert re.search(r'FLOPs: [\d.]+ G', log)
    proc, log = run_tool('deployment/pytorch2onnx.py', CONFIG, checkpoint,
                         '--shape', '128', '96', '--out',
                         str(tmp_path / 'backbone.onnx'), '--verify',
                         '--cfg-options', 'model.backbone.init_cfg=None')
    assert proc.returncode == 0, log[-2000:]
    assert 'every output matches PyTorch' in log


def test_wrong_keypoint_count_is_named_before_a_loss(tmp_path,
                                                      tiny_coco_keypoints,
                                                      run_tool, tool_options):
    proc, output = run_tool(
        'train.py', CONFIG, '--work-dir', str(tmp_path), '--cfg-options',
        *tool_options(tiny_coco_keypoints), 'train_cfg.max_epochs=1',
        'train_dataloader.dataset.pipeline.1.num_keypoints=14')
    assert proc.returncode != 0
    assert 'a person has 17 keypoints in the annotation, the model ' \
        'predicts 14' in output


def test_image_demo_with_a_detector(tmp_path, run_demo_script):
    """demo/image_demo.py draws the keypoints of the people a detector of
    ours finds (--det-config / --det-checkpoint)."""
    from helpers.one_block_per_stage import load_with_one_block_per_stage
    from mogaseg.apis import build_model_from_config
    cfg = load_with_one_block_per_stage(
        'configs/moganet/td-hm_moganet-xtiny_8xb32-210e_coco-256x192.py')
    pose_cfg = tmp_path / 'pose.py'
    cfg.dump(str(pose_cfg))
    pose_ckpt = tmp_path / 'pose.pth'
    torch.save({'state_dict': build_model_from_config(
        str(pose_cfg)).state_dict()}, pose_ckpt)
    det_config = 'configs/moganet/' \
        'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py'
    detector = build_model_from_config(det_config)
    # a detector that finds one person (class 0) with every box it has:
    # its classifier's bias favours class 0
    with torch.no_grad():
        detector.roi_head.bbox_head.fc_cls.bias[0] = 20.
    det_ckpt = tmp_path / 'det.pth'
    torch.save({'state_dict': detector.state_dict()}, det_ckpt)
    image = tmp_path / 'people.png'
    mmcv.imwrite(np.random.default_rng(2).integers(
        0, 256, (128, 128, 3), dtype=np.uint8), str(image))
    out_file = tmp_path / 'drawn.png'
    proc, log = run_demo_script(
        'image_demo.py', str(image), str(pose_cfg), str(pose_ckpt),
        '--det-config', det_config, '--det-checkpoint', str(det_ckpt),
        '--cfg-options', 'model.backbone.init_cfg=None',
        '--out-file', str(out_file), '--score-thr', '0.3')
    assert proc.returncode == 0, log[-3000:]
    found = int(re.search(r'(\d+) people detected', log).group(1))
    assert found > 0
    assert f'{found} people' in log.split('people detected')[1]
    assert out_file.is_file()
