"""mmpose's COCO-style keypoint datasets: the keypoint count of every
person against the model's, before training, and the people that mmpose's
reading drops without a word.

mmpose reads as many keypoints per person as an annotation gives, so a
person with 14 of 17 keypoints only fails when its sample is drawn (a flip
index or a loss shape error): fatal here, with the count of such people.
It skips annotations on images the file does not list and those without a
``bbox`` or ``keypoints`` (lost, counted); top-down training also leaves
out crowds and people without a labelled keypoint (by design, noted).
"""
import copy
from typing import List, Tuple

from mogaseg.errors import DataError
from .coco_file import (check_annotation_keys, coco_file, image_name,
                        load_coco, on_unknown_image, split_by_image)
from .context import DatasetContext
from .report import DataReport, first_examples

REQUIRED = ('images', 'annotations')
ANNOTATION_KEYS = ('id', 'image_id', 'category_id')  # pycocotools' index


def expected_keypoints(ctx: DatasetContext) -> List[Tuple[str, int]]:
    """(who expects it, count): the model's head and the dataset's
    metainfo (its keypoint names and flip pairs)."""
    expected = []
    head = (ctx.model or {}).get('head') or {}
    if isinstance(head.get('out_channels'), int):
        expected.append(('the model predicts', head['out_channels']))
    metainfo = ctx.dataset_cls._load_metainfo(
        copy.deepcopy(ctx.cfg.get('metainfo')) or None)
    if 'num_keypoints' in metainfo:
        expected.append(("the dataset's metainfo names",
                         metainfo['num_keypoints']))
    return expected


def _keypoint_count(ann: dict) -> Tuple[int, str]:
    """(K, '14 keypoints'), or (-1, what is wrong) for a list that is not
    ``[x, y, v] * K``."""
    values = len(ann['keypoints'])
    if values % 3:
        return -1, f'{values} values, not [x, y, v] per keypoint'
    return values // 3, f'{values // 3} keypoints'


def _check_counts(ctx: DatasetContext, data: dict, images: dict,
                  people: List[dict]) -> None:
    expected = expected_keypoints(ctx)
    numbers = {count for _, count in expected}
    wrong = []
    for ann in people:
        count, text = _keypoint_count(ann)
        if count not in numbers:
            image = image_name(images[ann['image_id']])
            wrong.append(f"id {ann.get('id')} in {image}: {text}")
    categories = [f"{cat.get('name')!r} names {len(cat['keypoints'])}"
                  for cat in data.get('categories', [])
                  if 'keypoints' in cat
                  and len(cat['keypoints']) not in numbers]
    if not expected or not (wrong or categories or len(numbers) > 1):
        return
    found = [f'{len(wrong)} of {len(people)} people have another keypoint '
             f'count{first_examples(wrong)}'] if wrong else []
    if categories:
        found.append(f'categories name other keypoints'
                     f'{first_examples(categories)}')
    told = ' and '.join(f'{who} {count}' for who, count in expected)
    raise DataError(
        f"{ctx.where}: {coco_file(ctx)}: "
        f"{'; '.join(found) or 'the config is not consistent'}, but {told}."
        ' Every person needs all the keypoints, as [x, y, v] each (v=0 for '
        "one not labelled): fix the annotations, or the model's "
        "head.out_channels and the dataset's metainfo.")


def _empty_box(ann: dict, image: dict) -> bool:
    """mmpose clips the box into the image and drops it if it is empty."""
    x, y, w, h = ann['bbox']
    width = image.get('width', x + w + 1)
    height = image.get('height', y + h + 1)

    def clip(value, size):
        return min(max(value, 0), size - 1)

    return clip(x + w, width) <= clip(x, width) or \
        clip(y + h, height) <= clip(y, height)


def _left_out(report: DataReport, ctx: DatasetContext, images: dict,
              people: List[dict]) -> None:
    """What top-down training skips: empty boxes (lost), crowds and people
    without a labelled keypoint (by design)."""
    if not ctx.training or ctx.cfg.get('data_mode', 'topdown') != 'topdown':
        return
    boxes = [f"id {ann.get('id')}: bbox {ann['bbox']}" for ann in people
             if _empty_box(ann, images[ann['image_id']])]
    report.lose(len(boxes), 'people whose box is empty inside the image',
                boxes)
    skipped = [f"id {ann.get('id')}" for ann in people
               if ann.get('iscrowd') or ann.get('num_keypoints', 1) == 0
               or max(ann['keypoints'], default=0) <= 0]
    report.note(len(skipped), 'crowds or people without a labelled '
                'keypoint, left out of top-down training', skipped)


def check_coco_keypoints(ctx: DatasetContext) -> DataReport:
    """Keypoint counts against the config (fatal) and the people mmpose
    would leave out (counted).

    Raises:
        DataError: The file cannot be read, lacks a key, or a person or a
            category has another keypoint count than the model.
    """
    data = load_coco(ctx, REQUIRED)
    check_annotation_keys(ctx, data, ANNOTATION_KEYS)
    images, known, unknown = split_by_image(data)
    people = [ann for ann in known if 'bbox' in ann and 'keypoints' in ann]
    _check_counts(ctx, data, images, people)
    report = DataReport(f'{ctx.where}, {coco_file(ctx)}')
    report.lose(len(unknown), "annotations on images not in 'images'",
                [on_unknown_image(ann) for ann in unknown])
    incomplete = [f"id {ann.get('id')}" for ann in known
                  if 'bbox' not in ann or 'keypoints' not in ann]
    report.lose(len(incomplete), "annotations without 'bbox' or "
                "'keypoints'", incomplete)
    _left_out(report, ctx, images, people)
    return report
