"""Mapping a function over tasks in processes forked from this one, results in order.

Workers inherit what they read (``shared``) at the fork instead of receiving it
pickled; only tasks and results cross between processes. Linking uses this for work
that splits with no effect on the result (signatures, LSH bands, templates): the same
answer comes from one process, which is what runs where ``fork`` is not available.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_SHARED: Any = None


def can_fork(workers: int) -> bool:
    """Whether ``fork_map`` would use more than this process."""
    return workers > 1 and "fork" in multiprocessing.get_all_start_methods()


def shared() -> Any:
    """What the ``fork_map`` running this task shares with its workers."""
    return _SHARED


def fork_map(
    func: Callable[[T], R], tasks: Sequence[T], shared: Any, workers: int
) -> Iterator[R]:
    """``func`` over ``tasks`` in ``workers`` forked processes (or here), in order."""
    global _SHARED
    _SHARED = shared
    try:
        if not can_fork(workers):
            yield from map(func, tasks)
            return
        # Workers collect no garbage: a collection would write to (and so copy) every
        # page of the objects they inherit, and they live for one call.
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(tasks)) or 1, initializer=gc.disable) as pool:
            yield from pool.imap(func, tasks)
    finally:
        _SHARED = None
