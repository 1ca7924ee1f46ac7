"""A process-wide switch between the optimised forward passes and the
straightforward ones they replace.

Blocks with an optimised forward (fewer memory passes, no layout copies)
keep the plain one as ``_forward_reference``; both compute the same
function. The reference path exists to check the optimised one against
(tests) and to time an honest baseline (``tools/analysis/benchmark.py
--baseline``). It is a global, like timm's ``set_fused_attn``, because a
baseline means every block of the model at once.
"""
from contextlib import contextmanager
from typing import Iterator

_USE_REFERENCE = False


def use_reference_impl() -> bool:
    """Whether blocks run their straightforward forward."""
    return _USE_REFERENCE


def set_reference_impl(enabled: bool) -> None:
    """Switch every block to the straightforward (True) or the optimised
    (False, the default) forward."""
    global _USE_REFERENCE
    _USE_REFERENCE = bool(enabled)


@contextmanager
def reference_impl(enabled: bool = True) -> Iterator[None]:
    """Run the enclosed code with the reference forward passes."""
    previous = _USE_REFERENCE
    set_reference_impl(enabled)
    try:
        yield
    finally:
        set_reference_impl(previous)
