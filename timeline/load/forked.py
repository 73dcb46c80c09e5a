"""Share one large, pure computation with a forked copy of this process.

Locating a million quotes is a million and a half ``str.find`` calls, one after another on one
core: Python's substring search holds the interpreter lock, so threads cannot share it. A
forked child can. It starts with the parent's memory (copy on write), so nothing is pickled on
the way in; only its answer, one integer array, comes back. On two cores the wall time of the
computation halves.

A fork is only made where it is safe and pays: on Linux, from the main thread (before a server
runs, not while one reloads the data), with a second core free, for work that takes seconds.
Anything that goes wrong in the child is recomputed here, so the answer never depends on it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import numpy as np

Work = Callable[[int, int], np.ndarray]

# The work the child runs, set just before it is forked (a fork inherits it; nothing pickled).
_JOB: tuple[Work, int, int] | None = None


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a forked helper is safe and can run alongside this process."""
    return (
        sys.platform == "linux"
        and threading.current_thread() is threading.main_thread()
        and "fork" in multiprocessing.get_all_start_methods()
        and cores() > 1
    )


def in_two(work: Work, weights: np.ndarray, *, worth: float) -> np.ndarray:
    """``work(0, n)`` for ``n = len(weights)`` items, computed in two halves at once.

    ``work(lo, hi)`` answers for items ``lo`` to ``hi`` as one array, and the answers of
    consecutive ranges concatenate to the answer of their union. ``weights`` is each item's
    expected cost: the items are cut where half of it lies, the later half goes to a forked
    child. Below ``worth`` in total, or where no fork can be made, it all runs here.
    """
    n = len(weights)
    total = float(np.sum(weights))
    if n < 2 or total < worth or not can_fork():
        return work(0, n)
    cut = int(np.searchsorted(np.cumsum(weights), total / 2)) + 1
    cut = min(max(cut, 1), n - 1)
    return np.concatenate([*_both(work, cut, n)])


def _both(work: Work, cut: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``work(0, cut)`` here while a forked child computes ``work(cut, n)``."""
    global _JOB
    _JOB = (work, cut, n)
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns of forking a process that has threads (pyarrow's pool): the
            # child runs pure Python and numpy, takes none of their locks, and exits.
            warnings.simplefilter("ignore", DeprecationWarning)
            pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            later = pool.submit(_run_job)
    except (OSError, RuntimeError, ValueError):  # no fork to be had: all of it here
        _JOB = None
        return work(0, cut), work(cut, n)
    try:
        first = work(0, cut)
        try:
            second = later.result()
        except Exception:  # the child died or failed: its share is done here
            second = work(cut, n)
    finally:
        _JOB = None
        pool.shutdown(wait=True, cancel_futures=True)
    return first, second


def _run_job() -> np.ndarray:
    """In the child: the work it inherited."""
    if _JOB is None:  # not forked from in_two (a spawned process): nothing to do
        raise RuntimeError("no work was inherited")
    work, lo, hi = _JOB
    return work(lo, hi)
