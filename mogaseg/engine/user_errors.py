"""The errors a user fixes in their config, data or files end a tool with
``error: <one paragraph>`` (exit status 1) instead of a traceback."""
import sys
from contextlib import contextmanager
from typing import Iterator

from mogaseg.datasets import UnreadableImageError
from .build_errors import explain_build_error, one_paragraph
from .checks import ConfigError
from .hooks import LabelOutOfRangeError, NonFiniteLossError
from .safe_loading import UnsafeCheckpointError

# Errors whose message already says what is wrong and what to change.
USER_ERRORS = (ConfigError, UnsafeCheckpointError, UnreadableImageError,
               LabelOutOfRangeError, NonFiniteLossError)


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
