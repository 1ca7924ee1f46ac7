"""The errors a user fixes: a bad config, a missing or unsafe file, a
checkpoint that does not fit the model, data that does not fit the config.

Every one derives from :class:`UserError`. Its message says what is wrong
and what to change, so the tools end with ``error: <message>`` (exit status
1) instead of a traceback (:func:`mogaseg.engine.exit_on_user_errors`).

This module is the bottom layer of the package: it imports nothing from
``mogaseg`` (and nothing outside the standard library), so any module can
raise these errors without importing the layer that catches them.

Each error also keeps the built-in base it had before it moved here
(``ValueError``, ``FileNotFoundError`` ...), so that ``except`` clauses
written for the built-in type still catch it.
"""
import pickle

__all__ = [
    'UserError', 'ConfigError', 'CheckpointMismatchError',
    'CheckpointNotFoundError', 'UnsafeCheckpointError',
    'TFCheckpointError', 'CheckpointReadError', 'UnreadableImageError',
    'LabelOutOfRangeError', 'DataError', 'WorkDirBusyError',
    'NonFiniteLossError'
]


class UserError(Exception):
    """An error the user can fix; its message says what to change.

    Derive a project error from it (and from the built-in type it is
    otherwise, if any) when the tools should report it in one line.
    """


class ConfigError(UserError, ValueError):
    """A config that cannot run; the message says why and what to change."""


class CheckpointMismatchError(UserError, RuntimeError):
    """A checkpoint whose tensors do not fit the model; one paragraph
    names both sides' key prefixes and the likely cause."""


class CheckpointNotFoundError(UserError, FileNotFoundError):
    """A local checkpoint file that does not exist."""


class UnsafeCheckpointError(UserError, pickle.UnpicklingError):
    """A checkpoint holds objects that the weights-only unpickler refuses
    (unpickling them could run code). An ``UnpicklingError``, as torch's
    own refusal is."""


class TFCheckpointError(UserError, ValueError):
    """A file that is not a TensorFlow checkpoint this reader handles."""


class CheckpointReadError(UserError, RuntimeError):
    """A checkpoint file or URL that cannot be read: empty, truncated, not a
    checkpoint, a web page, an http error or no connection. The message
    names the file or URL."""


class UnreadableImageError(UserError, RuntimeError):
    """An image file that cannot be read or decoded."""


class LabelOutOfRangeError(UserError, ValueError):
    """A training label is not one of the model's classes."""


class DataError(UserError, ValueError):
    """Annotations or images that do not fit the config: a structural
    problem, or (with ``strict``) annotations that would be dropped."""


class WorkDirBusyError(UserError, RuntimeError):
    """Another live run holds the work directory."""


class NonFiniteLossError(UserError, RuntimeError):
    """The training loss became NaN or infinite."""
