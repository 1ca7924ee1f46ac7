"""What a check of one dataset found, said in one line.

Structural problems (a file that cannot be read, a key that is missing,
labels the model cannot predict) are raised at once as
:class:`~mogaseg.errors.DataError`. What remains is counted here:

* losses: annotations or images that the task library would drop without a
  word (an annotation on an image the file does not list, a box under one
  pixel ...). Printed as one warning; with ``strict`` they stop the run.
* notes: what the task library leaves out by design (images without
  annotations under ``filter_empty_gt``, crowd people ...). Printed in the
  same line, never fatal: the config asks for them.
"""
import logging
from typing import List, NamedTuple, Sequence

from mmengine.logging import print_log

from mogaseg.errors import DataError

# examples shown per finding: enough to find the pattern, short enough for
# one line
EXAMPLES = 3


def first_examples(examples: Sequence[str]) -> str:
    """``' (a, b, c, ...)'``: the first of all the ``examples``, or nothing
    without examples."""
    shown = list(examples[:EXAMPLES])
    if not shown:
        return ''
    more = ', ...' if len(examples) > len(shown) else ''
    return f' ({", ".join(shown)}{more})'


class Finding(NamedTuple):
    count: int
    what: str  # a plural noun phrase: 'annotations on images not in ...'
    examples: Sequence[str]  # all of them, or one per kind

    def __str__(self) -> str:
        return f'{self.what}: {self.count}{first_examples(self.examples)}'


class DataReport:
    """The countable findings of one dataset.

    Args:
        where (str): The dataset, as the messages name it
            (``'train_dataloader (CocoDataset)'``).
    """

    def __init__(self, where: str):
        self.where = where
        self.losses: List[Finding] = []
        self.notes: List[Finding] = []

    def lose(self, count: int, what: str, examples: Sequence[str] = ()):
        """``count`` things the task library would drop unasked."""
        if count:
            self.losses.append(Finding(count, what, examples))

    def note(self, count: int, what: str, examples: Sequence[str] = ()):
        """``count`` things the task library leaves out as configured."""
        if count:
            self.notes.append(Finding(count, what, examples))

    def message(self) -> str:
        parts = []
        if self.losses:
            parts.append('will lose ' + '; '.join(map(str, self.losses)))
        if self.notes:
            parts.append('as configured, ' + '; '.join(map(str, self.notes)))
        return f'{self.where}: ' + '. Also, '.join(parts) + '.'

    def finish(self, strict: bool = False) -> None:
        """Print the findings in one line; with ``strict``, losses stop the
        run instead."""
        if self.losses and strict:
            raise DataError(
                f'{self.message()} Strict data checking (--strict-data or '
                'strict=True in the dataset config) stops on annotations '
                'that would be lost: fix the data, or train without strict '
                'to drop them.')
        if self.losses:
            print_log(
                f'{self.message()} Fix the data, or pass --strict-data (or '
                'set strict=True in the dataset config) to stop on such '
                'losses.', logger='current', level=logging.WARNING)
        elif self.notes:
            print_log(self.message(), logger='current', level=logging.INFO)
