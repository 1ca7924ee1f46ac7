"""Read a checkpoint file without ever running code from it.

Every file goes through torch's weights-only unpickler. Release files also
carry training metadata next to their weights: timm's ``args`` (an
``argparse.Namespace``), FocalNet's ``config`` (a yacs ``CfgNode``), numpy
scalars and arrays. Those are data, so the unpickler is told to build them
as inert stand-ins, which :func:`read_checkpoint` then turns into plain
dicts and numbers. No other global is accepted. A file that is no
checkpoint, or that does not read to its end, is reported as such
(:mod:`.file_kinds`), never as an unsafe one.
"""
import pickle
import re
import struct
from collections import OrderedDict
from typing import Any, Optional

import numpy as np
import torch

from mogaseg.errors import UnsafeCheckpointError
from .file_kinds import check_checkpoint_file, unreadable


class _PlainNamespace(dict):
    """Stands in for ``argparse.Namespace``: its attributes become keys."""

    def __setstate__(self, state):
        self.update(state)


class _PlainConfigNode:
    """Stands in for yacs' ``CfgNode``, a dict subclass: it is rebuilt as an
    ``OrderedDict`` (the dict type the unpickler fills), whose attributes
    then hold the node's bookkeeping flags."""

    def __new__(cls, *args):
        return OrderedDict()


def _is_config_node(obj: dict) -> bool:
    return '__immutable__' in getattr(obj, '__dict__', ())


def _numpy_scalar(dtype, data=None):
    """Rebuild a pickled numpy scalar as the Python number it holds."""
    return np.frombuffer(data, dtype=dtype, count=1)[0].item() \
        if data is not None else dtype.type().item()


def _inert_globals() -> list:
    """The globals that metadata in release files may name, under every
    module path numpy 1.x and 2.x pickle them with."""
    allowed = [(_PlainNamespace, 'argparse.Namespace'),
               (_PlainConfigNode, 'yacs.config.CfgNode'), np.dtype,
               np.ndarray]
    for core in ('numpy.core.multiarray', 'numpy._core.multiarray'):
        allowed += [(_numpy_scalar, f'{core}.scalar'),
                    (np.core.multiarray._reconstruct, f'{core}._reconstruct')]
    allowed += [
        getattr(np.dtypes, name) for name in dir(np.dtypes)
        if name.endswith('DType')
    ]
    return allowed


def _plain(obj: Any) -> Any:
    """Stand-ins -> plain dicts, recursively through containers. Other
    containers are kept (in place), so a state dict keeps its
    ``_metadata``."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if not isinstance(value, torch.Tensor):
                obj[key] = _plain(value)
        if type(obj) is _PlainNamespace or _is_config_node(obj):
            return dict(obj)
    elif isinstance(obj, list):
        obj[:] = [_plain(v) for v in obj]
    elif type(obj) is tuple:
        return tuple(_plain(v) for v in obj)
    return obj


# torch's weights-only unpickler names what it refused with these words;
# its other errors (an unknown opcode, a short string) mean damaged bytes.
_REFUSAL = re.compile(r'GLOBAL|allowlist|reduce for unrecognized')
# What torch.load raises on bytes that are not what their format says. A
# RuntimeError is the file's fault only with these words: others (a CUDA
# tensor on a machine without CUDA ...) are not.
_DAMAGE_ERRORS = (EOFError, pickle.UnpicklingError, UnicodeDecodeError,
                  struct.error, RuntimeError)
_DAMAGE_WORDS = re.compile(r'PytorchStreamReader|EOF|corrupt|truncated',
                           re.IGNORECASE)


def _reason(err: Exception) -> str:
    """The informative part of a reader's error: the weights-only
    unpickler's own line, else the first sentence."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    marker = next((i for i, line in enumerate(lines)
                   if line.endswith('WeightsUnpickler error:')), None)
    if marker is not None and marker + 1 < len(lines):
        return lines[marker + 1]
    return lines[0].split('. ')[0] if lines else type(err).__name__


def _unsafe(filename: str, err: pickle.UnpicklingError):
    reason = str(err).strip().splitlines()
    reason = next((line for line in reason if _REFUSAL.search(line)),
                  reason[0] if reason else '')
    return UnsafeCheckpointError(
        f'refused to load the checkpoint {filename}: it holds objects '
        'other than tensors, plain containers and known training '
        'metadata, and unpickling them could run arbitrary code, so it '
        f'is loaded with weights_only=True only. ({reason.strip()}) If '
        'you trust its source, load it yourself with '
        'torch.load(weights_only=False) and save its state_dict.')


def read_checkpoint(filename: str, map_location='cpu',
                    source: Optional[str] = None) -> Any:
    """``torch.load(filename, weights_only=True)``, accepting the inert
    metadata of release files (returned as plain containers), with a
    one-paragraph error for anything else.

    Args:
        source (str, optional): How errors name the file (the URL of a
            downloaded one). Defaults to ``filename``.

    Raises:
        CheckpointReadError: The file is empty, no checkpoint (text, a web
            page ...), or truncated or damaged.
        UnsafeCheckpointError: It holds objects that unpickling would have
            to run code for.
    """
    source = source or filename
    check_checkpoint_file(filename, source)
    try:
        with torch.serialization.safe_globals(_inert_globals()):
            checkpoint = torch.load(
                filename, map_location=map_location, weights_only=True)
    except _DAMAGE_ERRORS as err:
        if isinstance(err, pickle.UnpicklingError) and \
                _REFUSAL.search(str(err)):
            raise _unsafe(source, err) from None
        if isinstance(err, RuntimeError) and \
                not _DAMAGE_WORDS.search(str(err)):
            raise
        raise unreadable(filename, source, _reason(err)) from None
    return _plain(checkpoint)
