import json
import os.path as osp

import numpy as np
import pytest
from pycocotools import mask as mask_utils
from pycocotools.coco import COCO

from mogaseg.datasets import make_coco_like
from mogaseg.datasets.synthetic import COCO_SHAPES, mask_to_polygons


def test_annotations_are_valid_coco(tiny_coco):
    for split, count in (('train', 8), ('val', 4)):
        coco = COCO(osp.join(tiny_coco, f'annotations/instances_{split}'
                             '2017.json'))
        assert len(coco.getImgIds()) == count
        assert [c['name'] for c in coco.loadCats(coco.getCatIds())] == \
            list(COCO_SHAPES[:4])
        for image in coco.loadImgs(coco.getImgIds()):
            assert osp.isfile(
                osp.join(tiny_coco, f'{split}2017', image['file_name']))
            anns = coco.loadAnns(coco.getAnnIds(imgIds=image['id']))
            assert 1 <= len(anns) <= 3
            for ann in anns:
                x, y, w, h = ann['bbox']
                assert 0 <= x and 0 <= y and w > 0 and h > 0
                assert x + w <= image['width'] and y + h <= image['height']
                assert ann['iscrowd'] == 0 and ann['area'] > 0
                mask = coco.annToMask(ann)
                # the polygon covers (nearly) the area it claims
                assert abs(int(mask.sum()) - ann['area']) <= 0.25 * \
                    ann['area'] + 20
                ys, xs = np.nonzero(mask)
                assert xs.min() >= x - 1 and xs.max() <= x + w


def test_mmdet_coco_dataset_reads_it(tiny_coco):
    from mmdet.datasets import CocoDataset
    dataset = CocoDataset(
        data_root=tiny_coco,
        ann_file='annotations/instances_train2017.json',
        data_prefix=dict(img='train2017/'),
        metainfo=dict(classes=COCO_SHAPES[:4]),
        pipeline=[])
    assert len(dataset) == 8
    instance = dataset.get_data_info(0)['instances'][0]
    assert 0 <= instance['bbox_label'] < 4
    assert isinstance(instance['mask'], list) and len(instance['mask'][0]) >= 6


def test_mask_to_polygons_roundtrip():
    mask = np.zeros((20, 30), dtype=bool)
    mask[4:12, 5:20] = True
    polygons = mask_to_polygons(mask)
    rle = mask_utils.merge(mask_utils.frPyObjects(polygons, 20, 30))
    decoded = mask_utils.decode(rle).astype(bool)
    # pycocotools rasterises polygon edges slightly inside the pixels
    assert (decoded & mask).sum() >= 0.8 * mask.sum()
    assert (decoded & ~mask).sum() == 0


def test_generation_is_deterministic_and_reused(tmp_path):
    kwargs = dict(num_classes=2, train_images=3, val_images=2,
                  image_size=48, seed=5)
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    assert make_coco_like(a, **kwargs)['reused'] is False
    make_coco_like(b, **kwargs)
    for root_file in ('annotations/instances_train2017.json',
                      'annotations/instances_val2017.json'):
        with open(osp.join(a, root_file)) as fa, \
                open(osp.join(b, root_file)) as fb:
            assert json.load(fa) == json.load(fb)
    assert make_coco_like(a, **kwargs)['reused'] is True
    with pytest.raises(ValueError, match='num_classes'):
        make_coco_like(a, num_classes=len(COCO_SHAPES) + 1)
