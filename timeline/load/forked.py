"""Share one large, pure computation with a forked copy of this process.

Locating a million quotes is a million and a half ``str.find`` calls, one after another on one
core: Python's substring search holds the interpreter lock, so threads cannot share it. A
forked child can. It starts with the parent's memory (copy on write), so nothing is pickled on
the way in; only its answer, one integer array, comes back. On two cores the wall time of the
computation halves.

A fork is only made where it is safe and pays: on Linux, from the main thread (before a server
runs, not while one reloads the data), with a second core free, for work that takes seconds.
Whatever goes wrong in the child (it dies, fails or hangs) is recomputed here, so the answer
never depends on it.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
import time
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection

import numpy as np

Work = Callable[[int, int], np.ndarray]


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
    """``work(0, cut)`` here while a forked child computes ``work(cut, n)``.

    The child's answer is awaited for a while after this half is done (:data:`PATIENCE`
    times as long, at least :data:`MIN_WAIT_S`): a child that died, failed or hung on a lock
    it inherited mid-use is stopped, and its half is done here."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns of forking a process that has threads (pyarrow's pool): the
            # child runs only the work it is given, and leaves by os._exit.
            warnings.simplefilter("ignore", DeprecationWarning)
            # a forked child inherits its arguments as they are: nothing is pickled
            child = context.Process(target=_run_job, args=(send, work, cut, n), daemon=True)
            child.start()
    except (OSError, RuntimeError, ValueError):  # no fork to be had: all of it here
        receive.close()
        send.close()
        return work(0, cut), work(cut, n)
    send.close()  # the child's end; the child has its own copy
    try:
        started = time.perf_counter()
        first = work(0, cut)
        wait = max(MIN_WAIT_S, PATIENCE * (time.perf_counter() - started))
        second = _answer(receive, wait)
        if second is None:
            second = work(cut, n)
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    return first, second


PATIENCE = 4  # how many times this half's duration the child's half may take
MIN_WAIT_S = 30.0  # and at least this long (a busy machine may hold the child back)


def _answer(receive: Connection, wait: float) -> np.ndarray | None:
    """The child's array, if it sends one within ``wait`` seconds."""
    try:
        if not receive.poll(wait):
            return None
        answer = receive.recv()
    except (EOFError, OSError, pickle.UnpicklingError):  # it died, or sent nothing whole
        return None
    return answer if isinstance(answer, np.ndarray) else None


def _run_job(send: Connection, work: Work, lo: int, hi: int) -> None:
    """In the child: its share of the work, the answer sent back whole (or nothing)."""
    try:
        send.send(work(lo, hi))
    finally:
        send.close()
