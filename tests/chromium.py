"""The browser the tests drive, as :mod:`timeline.export.browser` finds it (``BROWSER_PATH``,
else ``PATH``, else Debian's ``/usr/bin/chromium``), and how it is started: re-exported here
so the tests' conftests and modules import one name. Also how a test waits for a browser it
started to be gone."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

from timeline.export.browser import HEADLESS_ARGS, find_chromium, playwright_launch_args

CHROMIUM = find_chromium()  # None: no browser on this machine
HAS_CHROMIUM = CHROMIUM is not None
GUARD_S = 60.0  # a hang guard while waiting on a condition, never a measure of speed
__all__ = [
    "CHROMIUM",
    "GUARD_S",
    "HAS_CHROMIUM",
    "HEADLESS_ARGS",
    "playwright_launch_args",
    "running",
    "until",
]


def until(condition: Callable[[], bool]) -> bool:
    """Whether ``condition`` holds, waiting for it up to :data:`GUARD_S`."""
    deadline = time.monotonic() + GUARD_S
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)  # polling the condition: it, not the delay, ends the wait
    return condition()


def running(command: str) -> bool:
    """Whether a process of this machine has ``command`` in its command line (Kaleido starts
    the browser through a wrapper process, which has it too)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            if command.encode() in cmdline.read_bytes():
                return True
    return False
