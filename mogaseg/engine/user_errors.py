"""The errors a user fixes in their config, data or files end a tool with
``error: <one paragraph>`` (exit status 1) instead of a traceback."""
import sys
from contextlib import contextmanager
from typing import Iterator

from mogaseg.errors import UserError
from .build_errors import explain_build_error

# What the tools report in one paragraph: every :class:`UserError`. Kept
# as a tuple for code that wrote ``except USER_ERRORS``.
USER_ERRORS = (UserError, )


def one_paragraph(error: Exception) -> str:
    """The error's own message, without the traceback text that a
    DataLoader worker puts in front of it when it re-raises the error in the
    main process."""
    # str() of a KeyError is the repr of its key: take the message itself.
    if isinstance(error, KeyError) and len(error.args) == 1 and \
            isinstance(error.args[0], str):
        text = error.args[0]
    else:
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
    """Exit with the message of a :class:`~mogaseg.errors.UserError`, or
    with the explanation of an unknown ``type`` / argument
    (:func:`explain_build_error`); anything else propagates as it is."""
    try:
        yield
    except UserError as error:
        sys.exit(f'error: {one_paragraph(error)}')
    # MMEngine's registries raise a plain KeyError for a ``type`` that no
    # registry knows and a TypeError for a keyword the class does not take.
    # Those builds happen inside MMEngine (the Runner builds the model,
    # datasets, hooks ... lazily, and the task libraries' builders recurse
    # into nested configs), so there is no single call of ours to convert
    # them at. Only the two messages explain_build_error recognises are
    # reported in one line; any other KeyError / TypeError is a bug and
    # keeps its traceback.
    except (KeyError, TypeError) as error:
        message = explain_build_error(error)
        if message is None:
            raise
        sys.exit(f'error: {message}')
