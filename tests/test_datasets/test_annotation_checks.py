"""Annotations checked before training (mogaseg.datasets.checks, through
check_train_config): every fault injected into a copy of a tiny generated
dataset is counted and named, losses are one warning (fatal with strict),
structural problems one DataError, and clean data prints nothing."""
import json
import os
import os.path as osp
import shutil
import subprocess
import sys

import numpy as np
import pytest
from mmengine.config import Config
from PIL import Image

from mogaseg.datasets import CheckKeypoints, CheckSegLabels
from mogaseg.datasets.checks import pop_strict
from mogaseg.datasets.checks import report as report_module
from mogaseg.engine import check_test_config, check_train_config
from mogaseg.errors import DataError

CONFIGS = dict(
    det='configs/moganet/mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py',
    seg='configs/moganet/fpn_moganet-xtiny_1xb8_demo-ade20k-128px.py',
    pose='configs/moganet/'
    'td-hm_moganet-xtiny_1xb16_demo-coco-keypoints-128px.py',
    cls='configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py')
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
COCO_TRAIN = 'annotations/instances_train2017.json'
POSE_TRAIN = 'annotations/person_keypoints_train2017.json'


def _config(task: str, root: str) -> Config:
    """The task's demo config, its loaders and evaluators on ``root``."""
    cfg = Config.fromfile(CONFIGS[task])
    for loader in LOADERS:
        cfg[loader].dataset.data_root = root
        if task == 'cls':
            cfg[loader].dataset.classes = f'{root}/meta/classes.txt'
    evaluated = dict(det='annotations/instances_val2017.json',
                     pose='annotations/person_keypoints_val2017.json')
    for evaluator in ('val_evaluator', 'test_evaluator'):
        if task in evaluated:
            cfg[evaluator].ann_file = f'{root}/{evaluated[task]}'
    if task == 'pose':
        cfg.val_dataloader.dataset.bbox_file = (
            f'{root}/person_detection_results/'
            'COCO_val2017_detections_AP_H_56_person.json')
    return cfg


def _copy(source: str, tmp_path) -> str:
    root = str(tmp_path / 'data')
    shutil.copytree(source, root)
    return root


def _edit_json(path: str, edit) -> None:
    with open(path) as f:
        data = json.load(f)
    edit(data)
    with open(path, 'w') as f:
        json.dump(data, f)


@pytest.fixture
def logged(monkeypatch):
    """The lines the checks print: (level, message)."""
    lines = []
    monkeypatch.setattr(
        report_module, 'print_log',
        lambda msg, logger=None, level=None: lines.append((level, msg)))
    return lines


def test_clean_data_prints_nothing(tiny_coco, tiny_ade20k,
                                   tiny_coco_keypoints, tiny_imagenet,
                                   logged):
    for task, root in (('det', tiny_coco), ('seg', tiny_ade20k),
                       ('pose', tiny_coco_keypoints),
                       ('cls', tiny_imagenet)):
        check_train_config(_config(task, root), strict_data=True)
    assert logged == []


def _add_orphans(data):
    """2 annotations on images not listed, 1 of an unknown category."""
    first = data['annotations'][0]
    for i, (image_id, category_id) in enumerate([(999, 1), (998, 2),
                                                 (1, 77)]):
        data['annotations'].append(
            dict(first, id=9000 + i, image_id=image_id,
                 category_id=category_id))


def test_coco_unknown_images_and_categories_are_counted(
        tiny_coco, tmp_path, logged):
    root = _copy(tiny_coco, tmp_path)
    _edit_json(osp.join(root, COCO_TRAIN), _add_orphans)
    check_train_config(_config('det', root))
    assert len(logged) == 1  # one line for the dataset
    level, message = logged[0]
    assert level == 30  # WARNING
    assert message.startswith('train_dataloader (CocoDataset), '
                              f'{root}/{COCO_TRAIN}: will lose ')
    assert ("annotations on images not in 'images': 2 (id 9000 on "
            'image_id 999, id 9001 on image_id 998)') in message
    assert ("annotations with a category_id not in 'categories': 1 (id "
            '9002: category_id 77)') in message
    assert '--strict-data' in message

    # fatal with --strict-data, or strict=True in the dataset config
    # (which leaves the config: mmdet's CocoDataset does not take it)
    with pytest.raises(DataError, match="not in 'images': 2 .*Strict"):
        check_train_config(_config('det', root), strict_data=True)
    cfg = _config('det', root)
    cfg.train_dataloader.dataset.strict = True
    with pytest.raises(DataError, match="not in 'categories': 1"):
        check_train_config(cfg)
    assert 'strict' not in cfg.train_dataloader.dataset


def test_coco_without_images_is_one_paragraph(tiny_coco, tmp_path):
    root = _copy(tiny_coco, tmp_path)
    _edit_json(osp.join(root, COCO_TRAIN), lambda data: data.pop('images'))
    with pytest.raises(DataError) as error:
        check_train_config(_config('det', root))
    assert str(error.value) == (
        f'train_dataloader (CocoDataset): the annotation file '
        f"{root}/{COCO_TRAIN} has no 'images' (its keys: 'annotations', "
        "'categories'); a COCO file needs 'images', 'annotations', "
        "'categories'.")


def test_coco_degenerate_boxes_and_polygons_are_counted(
        tiny_coco, tmp_path, logged):
    root = _copy(tiny_coco, tmp_path)

    def degenerate(data):
        anns = data['annotations']
        anns[1]['bbox'][2] = 0  # w = 0
        anns[2]['bbox'][3] = 0.5  # h < 1 px: mmdet drops it as well
        anns[3]['segmentation'] = [[1.0, 1.0, 5.0, 5.0]]  # 2 points
        anns[4]['segmentation'].append([1.0, 1.0])  # one of two is short

    _edit_json(osp.join(root, COCO_TRAIN), degenerate)
    check_train_config(_config('det', root))
    message = logged[0][1]
    assert ('boxes that mmdet drops (w or h < 1 px, no area, or outside '
            'the image): 2 (id 2: bbox') in message
    assert 'w or h <= 0' in message and 'w or h < 1 px)' in message
    assert ('polygons with fewer than 3 points: 2 (id 4: 1/1 short, id 5: '
            '1/') in message
    assert 'annotations left without a polygon, ignored: 1 (id 4)' in message


def test_coco_images_without_annotations_are_a_count_not_a_loss(
        tiny_coco, tmp_path, logged):
    root = _copy(tiny_coco, tmp_path)

    def unannotate(data):
        data['annotations'] = [a for a in data['annotations']
                               if a['image_id'] not in (2, 5)]

    _edit_json(osp.join(root, COCO_TRAIN), unannotate)
    # mmdet drops them by design in training: not fatal even with strict
    check_train_config(_config('det', root), strict_data=True)
    assert len(logged) == 1
    level, message = logged[0]
    assert level == 20  # INFO: nothing is lost that the config keeps
    assert ('as configured, images without annotations of the classes, '
            'dropped in training (filter_cfg.filter_empty_gt=True): 2 '
            '(id 2, id 5)') in message


def test_coco_class_missing_from_categories_is_fatal(tiny_coco, tmp_path):
    root = _copy(tiny_coco, tmp_path)

    def rename(data):
        data['categories'][1]['name'] = 'squre'

    _edit_json(osp.join(root, COCO_TRAIN), rename)
    with pytest.raises(DataError, match=r"the classes \['square'\] of the "
                       'config are not categories.*shift the labels'):
        check_train_config(_config('det', root))


def _store(path: str, value: int, pixels: int = 1) -> None:
    labels = np.array(Image.open(path))
    labels.flat[:pixels] = value
    Image.fromarray(labels).save(path)


def test_ade20k_out_of_range_names_the_stored_value(tiny_ade20k, tmp_path):
    root = _copy(tiny_ade20k, tmp_path)
    maps = osp.join(root, 'annotations', 'training')
    _store(osp.join(maps, 'ADE_train_00000003.png'), 200)
    _store(osp.join(maps, 'ADE_train_00000005.png'), 151, pixels=5)
    _store(osp.join(maps, 'ADE_train_00000006.png'), 150)  # class 149: ok
    with pytest.raises(DataError) as error:
        check_train_config(_config('seg', root))
    assert str(error.value) == (
        'train_dataloader (ADE20KDataset): 2 of 6 label maps hold values '
        'outside the 150 classes (annotations/training/ADE_train_00000003'
        '.png stores 200 (read as 199), annotations/training/'
        'ADE_train_00000005.png stores 151 (read as 150)); '
        'reduce_zero_label=True reads a stored 0 as 255 (ignored) and a '
        'stored v as class v-1, so the valid stored values are 0..150 and '
        "255. Fix the label maps, or the dataset's classes.")


def test_check_seg_labels_names_the_stored_value():
    sample = dict(gt_seg_map=np.array([[0, 199], [255, 3]], np.uint8),
                  seg_map_path='ADE_train_7.png', reduce_zero_label=True)
    with pytest.raises(DataError) as error:  # one paragraph in the tools
        CheckSegLabels(num_classes=150)(sample)
    assert str(error.value).startswith(
        'ADE_train_7.png stores the label values [200] (read as [199]: '
        'reduce_zero_label makes a stored v class v-1), outside the 150 '
        'classes 0..149')
    # the option overrides what the sample says
    with pytest.raises(DataError, match=r'stores the label values \[199\], '):
        CheckSegLabels(num_classes=150, reduce_zero_label=False)(sample)


def test_keypoint_count_mismatch_is_counted_and_fatal(tiny_coco_keypoints,
                                                      tmp_path):
    root = _copy(tiny_coco_keypoints, tmp_path)

    def shorten(data):
        for ann in data['annotations'][:2]:
            ann['keypoints'] = ann['keypoints'][:14 * 3]

    _edit_json(osp.join(root, POSE_TRAIN), shorten)
    with pytest.raises(DataError) as error:
        check_train_config(_config('pose', root))
    message = str(error.value)
    assert message.startswith(
        f'train_dataloader (CocoDataset): {root}/{POSE_TRAIN}: 2 of ')
    assert ('people have another keypoint count (id 1 in 000000000001.png: '
            '14 keypoints, id 2 in ') in message
    assert ("but the model predicts 17 and the dataset's metainfo names 17"
            in message)
    # the pipeline's own check, on a sample, is one paragraph too
    with pytest.raises(DataError, match='has 14 keypoints'):
        CheckKeypoints(num_keypoints=17)(
            dict(img_path='a.png', keypoints=np.zeros((1, 14, 2))))


def test_one_pixel_image_is_named(tiny_imagenet, tmp_path):
    root = _copy(tiny_imagenet, tmp_path)
    Image.new('RGB', (1, 1)).save(
        osp.join(root, 'train', 'n00000003', 'n00000003_2.JPEG'))
    with pytest.raises(DataError) as error:
        check_train_config(_config('cls', root))
    assert str(error.value) == (
        'train_dataloader (ImageNet): 1 of 32 images are smaller than the '
        'pipeline takes (2 px a side) (train/n00000003/n00000003_2.JPEG: '
        '1x1). Replace or remove them.')


def test_empty_class_folder_stops_training(tiny_imagenet, tmp_path):
    root = _copy(tiny_imagenet, tmp_path)
    os.makedirs(osp.join(root, 'train', 'n00000008'))
    with open(osp.join(root, 'meta', 'classes.txt'), 'a') as f:
        f.write('extra\n')
    os.remove(osp.join(root, 'meta', 'train.txt'))  # the folders it is
    cfg = _config('cls', root)
    cfg.model.head.num_classes = 9
    with pytest.raises(DataError) as error:
        check_train_config(cfg)
    assert str(error.value).startswith(
        'train_dataloader (ImageNet): 1 of 9 classes have no training image '
        f"(8 'extra': folder {root}/train/n00000008 is empty), so the model "
        'would have a class it never learns.')
    assert 'set num_classes to 8' in str(error.value)


def test_missing_image_file_is_counted(tiny_imagenet, tmp_path, logged):
    root = _copy(tiny_imagenet, tmp_path)
    os.remove(osp.join(root, 'train', 'n00000001', 'n00000001_3.JPEG'))
    check_train_config(_config('cls', root))
    assert logged == [(30, 'train_dataloader (ImageNet): will lose image '
                       'files not found: 1 (train/n00000001/'
                       'n00000001_3.JPEG). Fix the data, or pass '
                       '--strict-data (or set strict=True in the dataset '
                       'config) to stop on such losses.')]
    with pytest.raises(DataError, match='image files not found: 1'):
        check_train_config(_config('cls', root), strict_data=True)


def test_strict_leaves_wrapped_datasets():
    cfg = dict(type='ConcatDataset', datasets=[
        dict(type='A'), dict(type='RepeatDataset', strict=True,
                             dataset=dict(type='B', strict=False))])
    assert pop_strict(cfg) is True
    assert 'strict' not in str(cfg)
    assert pop_strict(dict(type='A')) is False


def test_strict_leaves_the_test_config(tiny_coco):
    cfg = _config('det', tiny_coco)
    cfg.test_dataloader.dataset.strict = True
    check_test_config(cfg)
    assert 'strict' not in cfg.test_dataloader.dataset


def test_train_with_strict_data_stops_in_one_paragraph(tiny_coco, tmp_path,
                                                       repo_root):
    root = _copy(tiny_coco, tmp_path)
    _edit_json(osp.join(root, COCO_TRAIN), _add_orphans)
    options = [f'{loader}.dataset.data_root={root}' for loader in LOADERS]
    options += [f'{evaluator}.ann_file={root}/annotations/'
                'instances_val2017.json'
                for evaluator in ('val_evaluator', 'test_evaluator')]
    proc = subprocess.run(
        [sys.executable, 'tools/train.py', CONFIGS['det'], '--strict-data',
         '--work-dir', str(tmp_path / 'work'), '--cfg-options', *options],
        cwd=repo_root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert 'Traceback' not in proc.stdout + proc.stderr
    errors = [line for line in proc.stderr.splitlines()
              if line.startswith('error: ')]
    assert len(errors) == 1
    assert errors[0].startswith(
        'error: train_dataloader (CocoDataset), '
        f"{root}/{COCO_TRAIN}: will lose annotations on images not in "
        "'images': 2 (")
    assert not (tmp_path / 'work').exists()  # stopped before the Runner
