"""Reading a COCO annotation file for a check, and what every COCO check
asks of it: the top-level keys, the keys each annotation needs, and the
annotations whose image the file does not list (pycocotools indexes
annotations by image, so the task libraries never see those)."""
import json
import os.path as osp
from typing import Dict, List, Sequence, Tuple

from mmengine.fileio import get_local_path

from mogaseg.errors import DataError
from .context import DatasetContext
from .report import first_examples


def coco_file(ctx: DatasetContext) -> str:
    """The annotation file of a COCO-style dataset config."""
    return ctx.path(ctx.cfg.get('ann_file', ''))


def load_coco(ctx: DatasetContext, required: Sequence[str]) -> dict:
    """The annotation file of ``ctx`` as a dict with the ``required``
    top-level keys.

    Raises:
        DataError: The file is not JSON, not an object, or lacks a key.
    """
    path = coco_file(ctx)
    try:
        with get_local_path(path, ctx.cfg.get('backend_args')) as local:
            with open(local) as f:
                data = json.load(f)
    except (OSError, ValueError) as error:  # JSONDecodeError, bad UTF-8
        raise DataError(f'{ctx.where}: cannot read the annotation file '
                        f'{path}: {type(error).__name__}: {error}') from error
    if not isinstance(data, dict):
        raise DataError(
            f'{ctx.where}: {path} is not a COCO annotation file: it holds '
            f'a JSON {type(data).__name__}, not an object with the keys '
            f"{', '.join(map(repr, required))}.")
    missing = [key for key in required if key not in data]
    if missing:
        have = ', '.join(map(repr, data)) or 'none'
        raise DataError(
            f"{ctx.where}: the annotation file {path} has no "
            f"{' and no '.join(map(repr, missing))} (its keys: {have}); a "
            f"COCO file needs {', '.join(map(repr, required))}.")
    return data


def check_annotation_keys(ctx: DatasetContext, data: dict,
                          keys: Sequence[str]) -> None:
    """Every annotation must have ``keys``: the task library indexes them
    without a default and would stop with a bare ``KeyError``."""
    missing: Dict[str, List[str]] = {}
    for index, ann in enumerate(data['annotations']):
        for key in keys:
            if key not in ann:
                missing.setdefault(key, []).append(
                    f"id {ann.get('id', '?')} (#{index})")
    if missing:
        parts = [f"{len(anns)} without {key!r}"
                 f'{first_examples(anns)}'
                 for key, anns in missing.items()]
        raise DataError(
            f"{ctx.where}: annotations in {coco_file(ctx)} lack keys every "
            f"annotation needs ({', '.join(map(repr, keys))}): "
            f"{'; '.join(parts)}.")


def split_by_image(data: dict) -> Tuple[Dict[int, dict], List[dict],
                                        List[dict]]:
    """``({image id: image}, annotations on listed images, annotations on
    images not listed)``."""
    images = {image.get('id'): image for image in data['images']}
    known, unknown = [], []
    for ann in data['annotations']:
        (known if ann['image_id'] in images else unknown).append(ann)
    return images, known, unknown


def on_unknown_image(ann: dict) -> str:
    return f"id {ann.get('id')} on image_id {ann['image_id']}"


def image_name(image: dict) -> str:
    return osp.basename(str(image.get('file_name', image.get('id'))))
