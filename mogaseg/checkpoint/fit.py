"""Every load into a backbone says what it loaded, and refuses a checkpoint
that does not fit.

:func:`check_backbone_fit` runs as a ``load_state_dict`` pre-hook of our
backbones, so it sees every path weights take: ``load_from``,
``init_cfg=dict(type='Pretrained')``, :func:`mogaseg.apis.get_model` and
the task libraries' own ``init_*`` / ``get_model`` APIs.
"""
import weakref
from collections import deque
from typing import (Callable, Dict, Iterable, List, Mapping, NamedTuple,
                    Optional, Tuple)

import torch
import torch.nn as nn
from mmengine.logging import print_log

from mogaseg.errors import CheckpointMismatchError
from .release_formats import guess_family, missing_prefix

#: Below this share of the backbone's tensors, a load is refused.
MIN_LOADED_SHARE = 0.5

# ({id: weak reference} of the tensors, file, key prefix the conversion
# added) of the last files read; a load finds its file by its tensors.
_recent_sources: deque = deque(maxlen=8)


def remember_source(state_dict: Mapping,
                    source: str,
                    added_prefix: Optional[str] = None) -> None:
    """Note that the tensors of ``state_dict`` were read from ``source``,
    and which key prefix a release conversion added to them, if any."""
    refs = {
        id(v): weakref.ref(v)
        for v in state_dict.values() if isinstance(v, torch.Tensor)
    }
    if refs:
        _recent_sources.append((refs, source, added_prefix))


def _source_of(tensors: Iterable) -> Tuple[Optional[str], Optional[str]]:
    tensors = [t for t in tensors if isinstance(t, torch.Tensor)][:16]
    for refs, source, added_prefix in reversed(_recent_sources):
        for t in tensors:
            ref = refs.get(id(t))
            if ref is not None and ref() is t:
                return source, added_prefix
    return None, None


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
    added_prefix = _source_of(theirs.values())[1]
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
    source = _source_of(theirs.values())[0]
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


def register_checkpoint_hooks(module: nn.Module,
                              *adapters: Callable) -> None:
    """Make every load into the backbone ``module`` accept released
    classifiers as they are, adapt them with ``adapters`` (more
    ``load_state_dict`` pre-hooks, e.g. resizing kernels), then report, or
    refuse, what loads."""
    for hook in (accept_bare_release, *adapters, check_backbone_fit):
        module.register_load_state_dict_pre_hook(hook)
