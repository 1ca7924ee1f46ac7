"""mmdet's ``CocoDataset``: the annotations that its reading drops without
a word, counted before training.

mmdet keeps an annotation only if its image is listed, its category is one
of the config's classes, and its box has at least one pixel inside the
image (``w, h >= 1``, ``area > 0``); ``LoadAnnotations`` drops polygons of
fewer than 3 points and ignores an instance left without one. In training
(``filter_cfg``) it also drops images without annotations of the classes
and images under ``min_size``.
"""
from typing import Dict, List, Optional, Tuple

from mogaseg.errors import DataError
from .coco_file import (check_annotation_keys, coco_file, load_coco,
                        on_unknown_image, split_by_image)
from .context import DatasetContext
from .report import DataReport

REQUIRED = ('images', 'annotations', 'categories')
ANNOTATION_KEYS = ('id', 'image_id', 'category_id', 'bbox', 'area')


def _classes(ctx: DatasetContext) -> tuple:
    metainfo = ctx.cfg.get('metainfo') or {}
    classes = metainfo.get('classes')
    if classes is None:
        classes = ctx.dataset_cls.METAINFO.get('classes', ())
    return tuple(classes)


def _trained_categories(ctx: DatasetContext, data: dict) -> Dict[int, str]:
    """{category id: name} of the file's categories that are classes of the
    config. A class that names no category is fatal: mmdet numbers the
    labels by the categories it finds, so every later class would take the
    label of the one before it."""
    classes = _classes(ctx)
    names = {cat['id']: cat.get('name') for cat in data['categories']}
    missing = [c for c in classes if c not in names.values()]
    if missing:
        raise DataError(
            f"{ctx.where}: the classes {missing[:5]}"
            f"{' ...' if len(missing) > 5 else ''} of the config are not "
            f"categories of {coco_file(ctx)} (its categories: "
            f"{list(names.values())[:8]}{' ...' if len(names) > 8 else ''})"
            '; mmdet would shift the labels of the classes after them. Fix '
            "metainfo.classes or the file's category names.")
    return {cid: name for cid, name in names.items() if name in classes}


def _box_problem(ann: dict, image: dict) -> Optional[str]:
    """Why mmdet drops this annotation's box, or None."""
    x, y, w, h = ann['bbox']
    if w <= 0 or h <= 0:
        return 'w or h <= 0'
    if w < 1 or h < 1:
        return 'w or h < 1 px'
    if ann['area'] <= 0:
        return 'area <= 0'
    width, height = image.get('width', x + w), image.get('height', y + h)
    if min(x + w, width) <= max(x, 0) or min(y + h, height) <= max(y, 0):
        return 'outside the image'
    return None


def _short_polygons(ann: dict) -> int:
    """The polygons of fewer than 3 points (RLE masks have none)."""
    segmentation = ann.get('segmentation')
    if not isinstance(segmentation, list):
        return 0
    return sum(1 for polygon in segmentation
               if len(polygon) < 6 or len(polygon) % 2)


def _dropped(ann: dict, image: dict, categories: set,
             trained: Dict[int, str]) -> Optional[Tuple[str, str]]:
    """(why, example) if mmdet drops the annotation, else None."""
    example = f"id {ann['id']}"
    if ann['category_id'] not in categories:
        return 'unknown', f"{example}: category_id {ann['category_id']}"
    if ann['category_id'] not in trained:
        return 'untrained', ann['category_id']
    problem = _box_problem(ann, image)
    if problem:
        return 'box', f"{example}: bbox {ann['bbox']}, {problem}"
    return None


def _lost_annotations(report: DataReport, data: dict, images: dict,
                      known: List[dict],
                      trained: Dict[int, str]) -> None:
    categories = {cat['id'] for cat in data['categories']}
    dropped = {'unknown': [], 'untrained': [], 'box': []}
    polygons, short_total, emptied = [], 0, []
    for ann in known:
        if ann.get('ignore', False):
            continue  # marked to be ignored in the file itself
        why = _dropped(ann, images[ann['image_id']], categories, trained)
        if why is not None:
            dropped[why[0]].append(why[1])
            continue
        short = _short_polygons(ann)
        if short:
            total = len(ann['segmentation'])
            polygons.append(f"id {ann['id']}: {short}/{total} short")
            short_total += short
            if short == total:
                emptied.append(f"id {ann['id']}")
    report.lose(len(dropped['unknown']), "annotations with a category_id "
                "not in 'categories'", dropped['unknown'])
    report.lose(len(dropped['box']), 'boxes that mmdet drops (w or h < 1 '
                'px, no area, or outside the image)', dropped['box'])
    report.lose(short_total, 'polygons with fewer than 3 points',
                polygons)
    report.lose(len(emptied), 'annotations left without a polygon, '
                'ignored', emptied)
    untrained = sorted(set(dropped['untrained']))
    report.note(len(dropped['untrained']), 'annotations of categories that '
                'are not classes of the config, not trained',
                [f'category_id {cid}' for cid in untrained])


def _filtered_images(report: DataReport, ctx: DatasetContext, images: dict,
                     known: List[dict], trained: Dict[int, str]) -> None:
    """The images that mmdet's ``filter_cfg`` drops in training."""
    if not ctx.filtered:  # mmdet filters training data only (test_mode)
        return
    filter_cfg = ctx.cfg.get('filter_cfg') or {}
    if filter_cfg.get('filter_empty_gt', False):
        annotated = {ann['image_id'] for ann in known
                     if ann['category_id'] in trained}
        empty = [f"id {iid}" for iid in images if iid not in annotated]
        report.note(len(empty), 'images without annotations of the classes, '
                    'dropped in training (filter_cfg.filter_empty_gt=True)',
                    empty)
    min_size = filter_cfg.get('min_size', 0)
    if min_size:
        small = [f"id {iid}: {img.get('width')}x{img.get('height')}"
                 for iid, img in images.items()
                 if min(img.get('width', 0), img.get('height', 0)) < min_size]
        report.note(len(small), f'images under {min_size} px, dropped in '
                    f'training (filter_cfg.min_size={min_size})', small)


def check_coco_instances(ctx: DatasetContext) -> DataReport:
    """The structure of a COCO instances file (fatal) and the annotations
    and images mmdet would drop (counted).

    Raises:
        DataError: The file cannot be read, lacks a key, or a class of the
            config is not one of its categories.
    """
    data = load_coco(ctx, REQUIRED)
    check_annotation_keys(ctx, data, ANNOTATION_KEYS)
    trained = _trained_categories(ctx, data)
    images, known, unknown = split_by_image(data)
    report = DataReport(f'{ctx.where}, {coco_file(ctx)}')
    report.lose(len(unknown), "annotations on images not in 'images'",
                [on_unknown_image(ann) for ann in unknown])
    _lost_annotations(report, data, images, known, trained)
    _filtered_images(report, ctx, images, known, trained)
    return report
