"""Keep MMEngine checkpoints loadable with ``torch.load(weights_only=True)``.

Since torch 2.6, ``torch.load`` unpickles only tensors, containers and
primitives unless told otherwise, and MMEngine (0.10) loads checkpoints with
that default. Its training checkpoints, though, also hold the MessageHub's
``HistoryBuffer`` objects (numpy arrays and references to their methods),
``deque`` s and numpy scalars, and a one-cycle scheduler's state holds
its annealing function (a bound method), so ``--resume`` fails. Allowing those types
globally would mean trusting ``builtins.getattr`` (which the method
references need), i.e. arbitrary code. Instead this hook writes them as
plain containers when a checkpoint is saved and rebuilds them when it is
loaded: every checkpoint stays loadable with ``weights_only=True``, and
nothing ever loads with ``weights_only=False``.
"""
import types
from collections import OrderedDict, deque
from typing import Any

import numpy as np
import torch
from mmengine.hooks import Hook
from mmengine.logging import HistoryBuffer

from mogaseg.registry import HOOKS

_TAG = '__mogaseg_encoded__'


def encode_state(obj: Any) -> Any:
    """Replace the types a weights-only unpickler refuses by tagged plain
    containers (recursively). Other values are returned unchanged."""
    if isinstance(obj, HistoryBuffer):
        return {
            _TAG: 'HistoryBuffer',
            'log_history': torch.from_numpy(np.asarray(obj._log_history)),
            'count_history': torch.from_numpy(
                np.asarray(obj._count_history)),
            'max_length': obj.max_length,
        }
    if isinstance(obj, np.ndarray):
        return {_TAG: 'ndarray', 'data': torch.from_numpy(obj.copy())}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, deque):
        return {
            _TAG: 'deque',
            'items': [encode_state(v) for v in obj],
            'maxlen': obj.maxlen
        }
    if isinstance(obj, dict):
        encoded = type(obj)() if isinstance(obj, OrderedDict) else {}
        for key, value in obj.items():
            # Functions (MMEngine's OneCycleLR keeps its annealing one) are
            # left out: the resumed run's scheduler, built from the same
            # config, has them already, and its load_state_dict keeps them.
            if not isinstance(value, (types.FunctionType, types.MethodType)):
                encoded[key] = encode_state(value)
        return encoded
    if isinstance(obj, (list, tuple)):
        return type(obj)(encode_state(v) for v in obj)
    return obj


def decode_state(obj: Any) -> Any:
    """Inverse of :func:`encode_state`."""
    if isinstance(obj, dict):
        kind = obj.get(_TAG)
        if kind == 'HistoryBuffer':
            return HistoryBuffer(obj['log_history'].numpy().tolist(),
                                 obj['count_history'].numpy().tolist(),
                                 obj['max_length'])
        if kind == 'ndarray':
            return obj['data'].numpy()
        if kind == 'deque':
            return deque([decode_state(v) for v in obj['items']],
                         maxlen=obj['maxlen'])
        decoded = type(obj)() if isinstance(obj, OrderedDict) else {}
        for key, value in obj.items():
            decoded[key] = decode_state(value)
        return decoded
    if isinstance(obj, (list, tuple)):
        return type(obj)(decode_state(v) for v in obj)
    return obj


# Parts of a Runner checkpoint that hold Python objects besides tensors.
_ENCODED_KEYS = ('meta', 'message_hub', 'param_schedulers')


@HOOKS.register_module()
class WeightsOnlyCheckpointHook(Hook):
    """Save checkpoints that ``torch.load(..., weights_only=True)`` accepts,
    and restore the original objects on resume. See the module docstring.

    The config runtimes of this project enable it in ``default_hooks``.
    """
    # Last on save, so that other hooks' additions are encoded too.
    priority = 'VERY_LOW'

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        for key in _ENCODED_KEYS:
            if key in checkpoint:
                checkpoint[key] = encode_state(checkpoint[key])

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        for key in _ENCODED_KEYS:
            if key in checkpoint:
                checkpoint[key] = decode_state(checkpoint[key])
