"""The errors a user fixes in their config, data or files end a tool with
``error: <one paragraph>`` (exit status 1) instead of a traceback."""
import sys
from contextlib import contextmanager
from typing import Iterator

from mogaseg.datasets import UnreadableImageError
from .build_errors import explain_build_error
from .checks import ConfigError
from .hooks import LabelOutOfRangeError, NonFiniteLossError
from mogaseg.checkpoint import (CheckpointMismatchError,
                                CheckpointNotFoundError,
                                UnsafeCheckpointError)

# Errors whose message already says what is wrong and what to change.
USER_ERRORS = (ConfigError, UnsafeCheckpointError, CheckpointNotFoundError,
               CheckpointMismatchError, UnreadableImageError,
               LabelOutOfRangeError, NonFiniteLossError)


def one_paragraph(error: Exception) -> str:
    """The error's own message, without the traceback text that a
    DataLoader worker puts in front of it when it re-raises the error in the
    main process."""
    text = str(error)
    if 'Original Traceback' not in text:
        return text
    last = text.strip().splitlines()[-1]
    # 'package.module.ErrorName: message' or 'ErrorName: message'
    head, sep, message = last.partition(': ')
    if sep and head.rsplit('.', 1)[-1] == type(error).__name__:
        return message
    return last


@contextmanager
def exit_on_user_errors() -> Iterator[None]:
    """Exit with the message of a :data:`USER_ERRORS` error, or with the
    explanation of an unknown ``type`` / argument
    (:func:`explain_build_error`); anything else propagates as it is."""
    try:
        yield
    except USER_ERRORS as error:
        sys.exit(f'error: {one_paragraph(error)}')
    except (KeyError, TypeError) as error:
        message = explain_build_error(error)
        if message is None:
            raise
        sys.exit(f'error: {message}')
