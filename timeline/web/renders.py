"""The app's one gate for reports: a few made at a time, each within a time limit, none for a
visitor who has left.

Every report the page asks for starts Chromium through Kaleido for its chart, a PDF starts it
again to print, and a Word file of thousands of events takes seconds of CPU. Unbounded,
twenty visitors pressing "Download report" at once started 37 Chromium processes, held every
server thread, and a visitor changing a filter waited over a minute. So:

- at most ``limit`` reports are made at once (``timeline serve --renders``, or the
  ``TIMELINE_RENDERS`` environment variable; default 2, what a 2-core machine holds); each
  app has its pool (``create_app(renders=…)``), so tests and embedding apps choose theirs;
- a request that finds every slot taken is answered at once ("Busy: …"), never queued;
- each report has ``timeout`` seconds in all: its stages check the deadline, and the PDF
  print is given what is left;
- a visitor who has left is not reported for: checked before a report starts and between
  its stages (waitress's ``waitress.client_disconnected``; see :func:`visitor_gone`).

A report runs on the server thread of its own request (Dash callbacks are synchronous), so
``limit`` must stay below the server's thread count (:func:`check_threads`): the threads
left over serve pages, and the busy answers, while reports are made.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

ENV_VAR = "TIMELINE_RENDERS"
DEFAULT_RENDERS = 2  # two browsers at a time keep a 2-core machine's pages answering
MAX_RENDERS = 16
RENDER_TIMEOUT_S = 120.0  # a whole report: chart, page and PDF print
LEFT = "Cancelled: the page that asked for this report was closed."


class RenderRefused(Exception):
    """A report not made, for a reason to show the visitor as it is (one sentence)."""


class Busy(RenderRefused):
    """Every render slot is taken: answered at once, try again later."""


class Cancelled(RenderRefused):
    """The visitor who asked has gone: nothing more is done for them."""


class TooLong(RenderRefused):
    """The report did not finish within the time limit."""


def never() -> bool:
    """A visitor who never leaves (tests, scripts and non-waitress servers)."""
    return False


def busy_message(limit: int) -> str:
    """What the report status area says when every slot is taken."""
    reports = "1 report is" if limit == 1 else f"{limit} reports are"
    return f"Busy: {reports} being made; try again in a moment."


def too_long_message(timeout: float) -> str:
    return (
        f"The report took longer than {timeout:g} s and was stopped: narrow the view "
        "(filters or a zoom window), or choose Markdown, which needs no browser."
    )


@dataclass(frozen=True)
class Render:
    """One report in progress: its deadline, and a way to tell that its visitor has left."""

    deadline: float  # time.monotonic() value
    timeout: float
    gone: Callable[[], bool] = never

    def remaining(self) -> float:
        """Seconds left for the report's remaining stages."""
        return max(0.0, self.deadline - time.monotonic())

    def check(self) -> None:
        """Between stages: stop when the visitor has left or the time is up."""
        if self.gone():
            raise Cancelled(LEFT)
        if self.remaining() <= 0:
            raise TooLong(too_long_message(self.timeout))


class RenderPool:
    """At most ``limit`` reports at a time (a :class:`threading.BoundedSemaphore`, taken
    without waiting), each with ``timeout`` seconds."""

    def __init__(self, limit: int = DEFAULT_RENDERS, timeout: float = RENDER_TIMEOUT_S) -> None:
        if not 1 <= limit <= MAX_RENDERS:
            raise ValueError(f"the render limit must be from 1 to {MAX_RENDERS}, not {limit}")
        self.limit = limit
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()  # started, busy, cancelled, too long: for benches

    @contextmanager
    def render(self, gone: Callable[[], bool] = never) -> Iterator[Render]:
        """A slot for one report, held while the ``with`` block makes it.

        Raises :class:`Busy` at once when every slot is taken, :class:`Cancelled` when the
        visitor has already left, :class:`TooLong` when a stage (Kaleido's own limit
        included) runs out of time.
        """
        if not self._slots.acquire(blocking=False):
            self._count("busy")
            raise Busy(busy_message(self.limit))
        try:
            job = Render(time.monotonic() + self.timeout, self.timeout, gone)
            try:
                job.check()  # the visitor may have left while the request waited for a thread
                self._count("started")
                yield job
            except TimeoutError:  # Kaleido's per-image limit
                self._count("too long")
                raise TooLong(too_long_message(self.timeout)) from None
            except RenderRefused as refused:
                self._count("cancelled" if isinstance(refused, Cancelled) else "too long")
                raise
        finally:
            self._slots.release()

    def _count(self, what: str) -> None:
        with self._lock:
            self.counts[what] += 1


def limit_from_env(environ: Mapping[str, str] = os.environ) -> int:
    """``TIMELINE_RENDERS`` as a limit (DEFAULT_RENDERS when unset); ValueError, saying what
    is wrong, for anything but a whole number from 1 to MAX_RENDERS."""
    text = environ.get(ENV_VAR, "").strip()
    if not text:
        return DEFAULT_RENDERS
    if not text.isdigit() or not 1 <= int(text) <= MAX_RENDERS:
        raise ValueError(f"{ENV_VAR} must be a whole number from 1 to {MAX_RENDERS}, not {text!r}")
    return int(text)


def pool_from_env(environ: Mapping[str, str] = os.environ) -> RenderPool:
    """An app's pool when none is given: ``TIMELINE_RENDERS`` reports at a time (an invalid
    value is logged and the default used; ``timeline serve`` refuses it instead)."""
    try:
        limit = limit_from_env(environ)
    except ValueError as exc:
        logging.getLogger(__name__).warning("%s; using %d", exc, DEFAULT_RENDERS)
        limit = DEFAULT_RENDERS
    return RenderPool(limit)


def check_threads(limit: int, threads: int) -> None:
    """ValueError unless ``limit`` renders leave a server thread for pages."""
    if limit >= threads:
        raise ValueError(
            f"--renders {limit} must be less than --threads {threads}: each report being made "
            "holds a server thread, and pages need one left over"
        )


def visitor_gone() -> Callable[[], bool]:
    """For a callback: whether the visitor behind the current request has closed the
    connection. waitress tells while the request runs (it keeps reading the socket, see
    ``channel_request_lookahead`` in :mod:`timeline.web.server`); other servers never do."""
    from flask import has_request_context, request

    if not has_request_context():
        return never
    check = request.environ.get("waitress.client_disconnected")
    return check if callable(check) else never
