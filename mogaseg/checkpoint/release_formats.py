"""The released checkpoint files of every family, converted while they
load.

MMEngine loads ``{'state_dict': ..., 'meta': ...}`` whose keys are the
model's: a classifier's ``backbone.*`` and ``head.fc.*``, a detector's and
a segmentor's as mmdet 3 / mmseg 1 name them. Each family's record lists
its releases' layouts (:class:`~mogaseg.models.families.ReleaseFormat`,
next to its backbone); :func:`normalize_checkpoint` applies the first that
matches, so ``load_from``, ``init_cfg=dict(type='Pretrained')`` and
``get_model`` take the released files as they are. Anything else passes
through unchanged.
"""
from typing import Iterator, Mapping, Optional

from mmengine.logging import print_log

from mogaseg.models.families import (FAMILIES, MODEL_RELEASE_FORMATS,
                                     ReleaseFormat, strip_prefix)


def release_formats() -> Iterator[ReleaseFormat]:
    """Every family's release formats, in registration order, then the
    whole models' (:data:`~mogaseg.models.families.MODEL_RELEASE_FORMATS`)."""
    for family in FAMILIES.values():
        yield from family.release_formats
    yield from MODEL_RELEASE_FORMATS


def guess_family(state_dict: Mapping) -> Optional[str]:
    """The backbone family whose keys ``state_dict`` holds, bare or under
    ``backbone.``; None if none."""
    keys = list(state_dict)
    keys += strip_prefix(keys, 'backbone.')
    for family in FAMILIES.values():
        if family.has_keys(keys):
            return family.name
    return None


def missing_prefix(theirs: Mapping, ours: Mapping) -> Optional[str]:
    """The first key component (``backbone.`` ...) under which ``theirs``
    holds most of ``ours``: a load that needed ``prefix=``; else None."""
    for first in dict.fromkeys(k.split('.', 1)[0] for k in theirs):
        stripped = set(strip_prefix(theirs, first + '.'))
        if len(stripped & set(ours)) >= len(ours) / 2 > 0:
            return first + '.'
    return None


def normalize_checkpoint(checkpoint, source: str = 'a checkpoint'):
    """``checkpoint`` in MMEngine's layout with the model's keys, converted
    from a release's layout where one matches (and reported); anything
    else is returned unchanged."""
    if not isinstance(checkpoint, dict):
        return checkpoint
    for release in release_formats():
        if release.matches(checkpoint):
            state_dict = release.convert(checkpoint)
            print_log(
                f'{source}: {release.name}, {len(state_dict)} tensors '
                'converted to mogaseg names while loading',
                logger='current')
            meta = dict(checkpoint.get('meta') or {})
            meta.update(
                release_format=release.name,
                converted_from=source,
                added_prefix=release.added_prefix)
            return dict(state_dict=state_dict, meta=meta)
    return checkpoint
