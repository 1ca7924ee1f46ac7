"""Every load into a backbone says what it loaded, and refuses a checkpoint
that does not fit.

:func:`check_backbone_fit` runs as a ``load_state_dict`` pre-hook of our
backbones (:func:`register_fit_checks`), so it sees every path weights
take: ``load_from``, ``init_cfg=dict(type='Pretrained')``,
:func:`mogaseg.apis.get_model` and the task libraries' own ``init_*`` /
``get_model`` APIs.

Where a state dict came from travels with it: the loaders note the file and
the key prefix a release conversion added in the state dict's
``_metadata`` (the per-module metadata that ``torch.nn.Module.state_dict``
writes and ``load_state_dict`` and MMEngine's key revisions carry along),
under the root module's entry.
"""
from collections import OrderedDict
from typing import Dict, Iterable, List, Mapping, NamedTuple, Optional, Tuple

import torch.nn as nn
from mmengine.logging import print_log

from mogaseg.errors import CheckpointMismatchError
from mogaseg.models.families import register_load_checks
from .release_formats import guess_family, missing_prefix

#: Below this share of the backbone's tensors, a load is refused.
MIN_LOADED_SHARE = 0.5

_SOURCE, _ADDED_PREFIX = 'mogaseg_source', 'mogaseg_added_prefix'


def mark_source(state_dict: Mapping,
                source: str,
                added_prefix: Optional[str] = None) -> 'OrderedDict':
    """``state_dict`` (as an ``OrderedDict``) noting that it was read from
    ``source`` and which key prefix a release conversion added to it."""
    if not isinstance(state_dict, OrderedDict):
        state_dict = OrderedDict(state_dict)
    metadata = OrderedDict(getattr(state_dict, '_metadata', None) or {})
    metadata[''] = dict(metadata.get('', {}), **{
        _SOURCE: source,
        _ADDED_PREFIX: added_prefix
    })
    state_dict._metadata = metadata
    return state_dict


def _source_of(state_dict: Mapping) -> Tuple[Optional[str], Optional[str]]:
    """(file, added key prefix) noted by :func:`mark_source`, if any."""
    root = (getattr(state_dict, '_metadata', None) or {}).get('', {})
    return root.get(_SOURCE), root.get(_ADDED_PREFIX)


def _under(state_dict: Mapping, prefix: str) -> Dict:
    return {
        k[len(prefix):]: v
        for k, v in state_dict.items() if k.startswith(prefix)
    }


def accept_bare_release(module: nn.Module, state_dict: Dict, prefix: str,
                        *args) -> None:
    """``load_state_dict`` pre-hook: a released classifier, converted on
    load (``backbone.*`` + head), still loads into a bare backbone, as the
    release's own file would. Keep its backbone keys without the prefix the
    conversion added, and drop the rest (its head), in place."""
    theirs = _under(state_dict, prefix)
    added_prefix = _source_of(state_dict)[1]
    if not added_prefix or \
            missing_prefix(theirs, module.state_dict()) != added_prefix:
        return
    for key in list(theirs):
        value = state_dict.pop(prefix + key)
        if key.startswith(added_prefix):
            state_dict[prefix + key[len(added_prefix):]] = value


class StateDictFit(NamedTuple):
    """How a checkpoint's tensors meet a model's, by name and shape."""
    loaded: List[str]
    missing: List[str]
    mismatched: List[str]  # in both, with other shapes
    unexpected: List[str]


def compare_state_dicts(ours: Mapping, theirs: Mapping) -> StateDictFit:
    """Compare a checkpoint's state dict with a model's."""
    loaded, missing, mismatched = [], [], []
    for key, value in ours.items():
        if key not in theirs:
            missing.append(key)
        elif tuple(theirs[key].shape) != tuple(value.shape):
            mismatched.append(key)
        else:
            loaded.append(key)
    unexpected = [k for k in theirs if k not in ours]
    return StateDictFit(loaded, missing, mismatched, unexpected)


def _prefixes(keys: Iterable[str], depth: int = 2, limit: int = 4) -> str:
    """The first distinct key stems, quoted, for an error message."""
    seen: List[str] = []
    for key in keys:
        stem = '.'.join(key.split('.')[:depth])
        if stem not in seen:
            seen.append(stem)
    shown = ', '.join(f'"{s}"' for s in seen[:limit])
    return shown + (', ...' if len(seen) > limit else '')


def likely_cause(ours: Mapping, theirs: Mapping,
                 mismatched: List[str]) -> str:
    """Why the checkpoint ``theirs`` does not fit the model ``ours`` (both
    state dicts), in words."""
    family = guess_family(ours) or 'this model'
    prefix = missing_prefix(theirs, ours)
    if prefix:
        return (f'its keys carry a "{prefix}" prefix that this module\'s do '
                f'not: load it with prefix=\'{prefix}\' (in init_cfg, '
                f"dict(type='Pretrained', checkpoint=..., "
                f"prefix='{prefix}'))")
    other = guess_family(theirs)
    if other and other != family:
        return (f'it looks like a {other} checkpoint, another '
                'architecture: check the config and the file')
    if mismatched:
        return ('the names fit but shapes differ, so it is probably another '
                f'size of {family}: check `arch` against the checkpoint')
    return ('it is another architecture or size, or a release format that '
            'needs a converter (tools/model_converters/)')


def check_backbone_fit(module: nn.Module, state_dict: Dict, prefix: str,
                       *args) -> None:
    """``load_state_dict`` pre-hook: report, or refuse, the load of
    ``state_dict`` into the backbone ``module``."""
    ours = module.state_dict()
    theirs = _under(state_dict, prefix)
    if not theirs:
        return  # the file holds nothing for this backbone, e.g. a head
    source = _source_of(state_dict)[0]
    loaded, missing, mismatched, unexpected = compare_state_dicts(
        ours, theirs)
    name = f'{type(module).__module__.split(".")[0]}.{type(module).__name__}'
    source = source or 'a state dict'
    counts = (f'{len(missing)} missing, {len(unexpected)} unexpected, '
              f'{len(mismatched)} shape mismatches')
    if len(loaded) < MIN_LOADED_SHARE * len(ours) or mismatched:
        shapes = '; '.join(
            f'{k}: {tuple(theirs[k].shape)} in the checkpoint, '
            f'{tuple(ours[k].shape)} here' for k in mismatched[:3])
        raise CheckpointMismatchError(
            f'{source} does not fit this {name}: {len(loaded)} of the '
            f'model\'s {len(ours)} tensors would load ({counts}). The '
            f'model\'s keys start with {_prefixes(prefix + k for k in ours)}; '
            'the checkpoint\'s with '
            f'{_prefixes(prefix + k for k in theirs)}. '
            + (f'Shapes: {shapes}. ' if shapes else '')
            + f'Likely cause: {likely_cause(ours, theirs, mismatched)}.')
    print_log(
        f'loaded {len(loaded)}/{len(ours)} {name} tensors from {source} '
        f'({counts})' + (f'; missing: {", ".join(missing[:5])}'
                         + (' ...' if len(missing) > 5 else '')
                         if missing else ''),
        logger='current')


def register_fit_checks() -> None:
    """Make every load into one of our backbones accept released
    classifiers as they are (:func:`accept_bare_release`) and report, or
    refuse, what loads (:func:`check_backbone_fit`), around the family's
    own load adapters."""
    register_load_checks(before=(accept_bare_release, ),
                         after=(check_backbone_fit, ))
