"""Load a checkpoint into a whole model (classifier, detector, segmentor)
and say what loaded.

The backbone checks its own part (:mod:`.fit`); this checks the rest: a
head whose classes differ from the checkpoint's is re-initialised and
reported (fine-tuning), anything else that does not fit stops the load.
"""
import re
from typing import Dict, List, Mapping, NamedTuple

import torch.nn as nn
from mmengine.logging import print_log
from mmengine.runner import CheckpointLoader

from .fit import (MIN_LOADED_SHARE, CheckpointMismatchError, _prefixes,
                  compare_state_dicts, likely_cause)

# The layers whose shape follows the number of classes: another dataset's
# checkpoint leaves them to be trained again.
_CLASS_LAYERS = re.compile(
    r'(^|\.)(fc|fc_cls|fc_reg|conv_seg|conv_cls|conv_logits|retina_cls|'
    r'atss_cls|cls_branches\.\d+)\.(weight|bias)$')


# Class subsets that a release defines, (checkpoint classes, model classes)
# -> the checkpoint's rows. FocalNet's ImageNet-22K heads (the release's
# labelmap_22k_reorder.txt) list the ImageNet-1K classes first, in their
# usual order, so a 1K classifier takes the first 1000 rows.
CLASS_SUBSETS = {(21842, 1000): slice(0, 1000)}
_CLASSIFIER = re.compile(r'^head\.fc\.(weight|bias)$')


def _take_class_subsets(state_dict: Dict, ours: Mapping) -> List[str]:
    """Slice a classifier head to the model's classes where a release
    defines the subset (in place); returns the keys sliced."""
    sliced = []
    for key, value in list(state_dict.items()):
        if key in ours and _CLASSIFIER.match(key):
            rows = CLASS_SUBSETS.get((value.shape[0], ours[key].shape[0]))
            if rows is not None:
                state_dict[key] = value[rows]
                sliced.append(key)
    return sliced


def drop_wrapper_prefix(state_dict: Dict) -> Dict:
    """Keys saved from a DDP-wrapped model (``module.*``) as the bare
    model's, in place; returns ``state_dict``."""
    for key in [k for k in state_dict if k.startswith('module.')]:
        state_dict[key[len('module.'):]] = state_dict.pop(key)
    return state_dict


class ModelFit(NamedTuple):
    loaded: List[str]
    missing: List[str]
    unexpected: List[str]
    mismatched: List[str]  # in class layers only: expected when fine-tuning
    total: int
    class_subsets: List[str]  # class layers cut to a release's subset

    def summary(self) -> str:
        return (f'{len(self.missing)} missing, {len(self.unexpected)} '
                f'unexpected, {len(self.mismatched)} class-layer shape '
                'mismatches' +
                (f', {len(self.class_subsets)} class layers cut to the '
                 'ImageNet-1K classes' if self.class_subsets else ''))


def model_fit(model: nn.Module, state_dict: Dict, source: str,
              require_complete: bool = False) -> ModelFit:
    """Compare ``state_dict`` with ``model`` by name and shape, after
    cutting a classifier to a class subset that its release defines
    (:data:`CLASS_SUBSETS`; in place).

    Raises:
        CheckpointMismatchError: if fewer than half of the model's tensors
            would load, a tensor outside the class layers has another shape,
            or (``require_complete``) anything of the model is missing.
    """
    ours = model.state_dict()
    class_subsets = _take_class_subsets(state_dict, ours)
    loaded, missing, other_shapes, unexpected = compare_state_dicts(
        ours, state_dict)
    # another dataset's classes are expected, any other shape is not
    mismatched = [k for k in other_shapes if _CLASS_LAYERS.search(k)]
    wrong = [k for k in other_shapes if not _CLASS_LAYERS.search(k)]
    fit = ModelFit(loaded, missing, unexpected, mismatched, len(ours),
                   class_subsets)
    name = type(model).__name__
    problem = None
    if wrong or len(loaded) < MIN_LOADED_SHARE * len(ours):
        problem = likely_cause(ours, state_dict, wrong)
        if wrong:
            problem = (f'{len(wrong)} tensors outside the class layers have '
                       f'other shapes (e.g. {wrong[0]}: '
                       f'{tuple(state_dict[wrong[0]].shape)} in the '
                       f'checkpoint, {tuple(ours[wrong[0]].shape)} here); '
                       + problem)
    elif require_complete and (missing or mismatched):
        shown = (missing + mismatched)[:3]
        problem = ('testing needs every weight, and these are not in it: '
                   f'{", ".join(shown)}' + (' ...' if len(missing) +
                                             len(mismatched) > 3 else ''))
    if problem:
        raise CheckpointMismatchError(
            f'{source} does not fit this {name}: {len(loaded)} of the '
            f'model\'s {len(ours)} tensors would load ({fit.summary()}). '
            f'The model\'s keys start with {_prefixes(ours)}; the '
            f'checkpoint\'s with {_prefixes(state_dict)}. '
            f'Likely cause: {problem}.')
    return fit


def load_weights(model: nn.Module,
                 filename: str,
                 map_location='cpu',
                 require_complete: bool = False) -> Dict:
    """Load ``filename`` (a path or URL, any release's layout) into
    ``model``, report one line, and return the checkpoint.

    Class layers of another shape (another dataset's head) keep their
    initialisation; see :func:`model_fit` for what stops the load.
    """
    checkpoint = CheckpointLoader.load_checkpoint(filename, map_location)
    state_dict = drop_wrapper_prefix(checkpoint.get('state_dict',
                                                    checkpoint))
    fit = model_fit(model, state_dict, filename, require_complete)
    for key in fit.mismatched:
        del state_dict[key]
    model.load_state_dict(state_dict, strict=False)
    print_log(
        f'loaded {len(fit.loaded)}/{fit.total} {type(model).__name__} '
        f'tensors from {filename} ({fit.summary()})' +
        (f'; re-initialised: {", ".join(fit.mismatched)}'
         if fit.mismatched else ''),
        logger='current')
    return checkpoint
