"""The browser the tests drive, as :mod:`timeline.export.browser` finds it (``BROWSER_PATH``,
else ``PATH``, else Debian's ``/usr/bin/chromium``), and how it is started: re-exported here
so the tests' conftests and modules import one name."""

from __future__ import annotations

from timeline.export.browser import HEADLESS_ARGS, find_chromium, playwright_launch_args

CHROMIUM = find_chromium()  # None: no browser on this machine
HAS_CHROMIUM = CHROMIUM is not None
__all__ = ["CHROMIUM", "HAS_CHROMIUM", "HEADLESS_ARGS", "playwright_launch_args"]
