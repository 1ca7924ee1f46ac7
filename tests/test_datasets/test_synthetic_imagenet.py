import os
import os.path as osp

import numpy as np
import pytest
from PIL import Image

from mogaseg.datasets import make_imagenet_like
from mogaseg.datasets.synthetic import SHAPES, draw_shape


def test_layout_is_read_by_mmpretrain_imagenet(tiny_imagenet):
    from mmpretrain.datasets import ImageNet
    classes = osp.join(tiny_imagenet, 'meta', 'classes.txt')
    train = ImageNet(data_root=tiny_imagenet, split='train', classes=classes)
    val = ImageNet(data_root=tiny_imagenet, split='val', classes=classes)
    assert train.CLASSES == SHAPES
    assert len(train) == 8 * 4 and len(val) == 8 * 2
    assert sorted(np.bincount(val.get_gt_labels())) == [2] * 8
    # train images live in one folder per class, named by wnid
    info = train.get_data_info(5)
    folder = osp.basename(osp.dirname(info['img_path']))
    assert folder == f"n{info['gt_label']:08d}"
    # val is flat, as in the real dataset
    assert osp.dirname(val.get_data_info(0)['img_path']) == osp.join(
        tiny_imagenet, 'val')
    image = Image.open(info['img_path'])
    assert image.size == (32, 32) and image.mode == 'RGB'


def test_generation_is_deterministic_and_reused(tmp_path):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    kwargs = dict(num_classes=3, train_per_class=2, val_per_class=1,
                  image_size=24, seed=3)
    assert make_imagenet_like(a, **kwargs)['reused'] is False
    make_imagenet_like(b, **kwargs)
    for rel in ('meta/train.txt', 'meta/val.txt',
                'train/n00000002/n00000002_1.JPEG'):
        with open(osp.join(a, rel), 'rb') as fa, \
                open(osp.join(b, rel), 'rb') as fb:
            assert fa.read() == fb.read(), rel
    stamp = os.stat(osp.join(a, 'meta/train.txt')).st_mtime_ns
    assert make_imagenet_like(a, **kwargs)['reused'] is True
    assert os.stat(osp.join(a, 'meta/train.txt')).st_mtime_ns == stamp
    # other settings regenerate
    assert make_imagenet_like(a, **dict(kwargs, seed=4))['reused'] is False


def test_bad_class_count_is_rejected(tmp_path):
    with pytest.raises(ValueError, match='num_classes'):
        make_imagenet_like(str(tmp_path), num_classes=len(SHAPES) + 1)


@pytest.mark.parametrize('shape', SHAPES)
def test_every_shape_draws_inside_its_box(shape):
    rng = np.random.default_rng(0)
    mask = draw_shape(shape, (64, 64), (32, 32), 16, rng)
    assert mask.dtype == bool and mask.shape == (64, 64)
    ys, xs = np.nonzero(mask)
    assert 40 < len(ys) < 32 * 32 + 70
    assert ys.min() >= 15 and ys.max() <= 49 and xs.min() >= 15 \
        and xs.max() <= 49
