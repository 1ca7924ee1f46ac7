import os.path as osp

import numpy as np
import pytest
from PIL import Image

from mogaseg.datasets import CheckSegLabels, make_ade20k_like
from mogaseg.datasets.synthetic import ADE_SHAPES, scene_labels


def test_layout_and_labels_are_read_by_mmseg(tiny_ade20k):
    from mmseg.datasets import ADE20KDataset
    from mmseg.datasets.transforms import LoadAnnotations
    for split, count in (('training', 6), ('validation', 3)):
        dataset = ADE20KDataset(
            data_root=tiny_ade20k,
            data_prefix=dict(
                img_path=f'images/{split}',
                seg_map_path=f'annotations/{split}'),
            pipeline=[])
        assert len(dataset) == count
        assert len(dataset.metainfo['classes']) == 150
    info = dataset.get_data_info(0)
    assert osp.basename(info['img_path']) == 'ADE_val_00000001.jpg'
    raw = np.array(Image.open(info['seg_map_path']))
    assert set(np.unique(raw)) <= {0, 1, 2, 3, 4, 5}
    assert {0, 1} <= set(np.unique(raw))  # boundaries and background
    loaded = LoadAnnotations(reduce_zero_label=True)(dict(info))
    reduced = loaded['gt_seg_map']
    # 0 (unlabeled) -> 255 (ignored), k -> k - 1
    np.testing.assert_array_equal(reduced[raw == 0], 255)
    np.testing.assert_array_equal(reduced[raw > 0], raw[raw > 0] - 1)


def test_scene_labels_mark_boundaries():
    mask = np.zeros((20, 20), dtype=bool)
    mask[5:15, 5:15] = True
    labels = scene_labels([(2, mask)], 20)
    assert labels[10, 10] == 4  # shape 2 -> ADE class 4
    assert labels[0, 0] == 1  # background -> ADE class 1
    assert labels[5, 10] == 0 and labels[4, 10] == 0  # the outline band


def test_check_seg_labels_names_the_file(tmp_path):
    check = CheckSegLabels(num_classes=150)
    good = dict(gt_seg_map=np.array([[0, 149], [255, 3]], dtype=np.uint8),
                seg_map_path='ok.png')
    assert check(good) is good
    bad = dict(gt_seg_map=np.array([[0, 200], [255, 151]], dtype=np.uint8),
               seg_map_path=str(tmp_path / 'ADE_train_7.png'))
    with pytest.raises(ValueError) as error:
        check(bad)
    assert 'ADE_train_7.png' in str(error.value)
    assert '[151, 200]' in str(error.value)


def test_check_seg_labels_passes_an_unannotated_image_through():
    # mmseg's inference_model and MMSegInferencer drop LoadAnnotations only
    check = CheckSegLabels(num_classes=150)
    image = dict(img_path='photo.jpg', img=np.zeros((4, 4, 3), np.uint8))
    assert check(image) is image


def test_check_seg_labels_before_load_annotations_says_so():
    check = CheckSegLabels(num_classes=150)
    with pytest.raises(ValueError, match='after LoadAnnotations'):
        check(dict(img_path='a.jpg', seg_map_path='a.png'))


def test_generation_is_deterministic_and_reused(tmp_path):
    kwargs = dict(num_classes=2, train_images=2, val_images=1,
                  image_size=40, seed=4)
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    assert make_ade20k_like(a, **kwargs)['reused'] is False
    make_ade20k_like(b, **kwargs)
    rel = 'annotations/training/ADE_train_00000002.png'
    np.testing.assert_array_equal(
        np.array(Image.open(osp.join(a, rel))),
        np.array(Image.open(osp.join(b, rel))))
    assert make_ade20k_like(a, **kwargs)['reused'] is True
    with pytest.raises(ValueError, match='num_classes'):
        make_ade20k_like(a, num_classes=len(ADE_SHAPES) + 1)
