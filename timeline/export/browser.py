"""The local Chromium or Chrome that static exports, reports, the browser tests, the benchmark
and the README screenshot are rendered with: the one place that finds it, says what to do when
there is none, and says how it is started.

One environment variable names it, ``BROWSER_PATH``, which Kaleido reads too; without it the
first browser on ``PATH`` is taken, else Debian's ``/usr/bin/chromium``. Nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from timeline.export.files import ExportError

ENV_VAR = "BROWSER_PATH"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

# Headless and quiet: no sandbox (containers run as root), no GPU, no calls home.
HEADLESS_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

CHROME_MISSING = (
    "Static export (PNG, SVG, PDF) needs Chromium or Google Chrome on this machine: "
    f"install Debian's chromium (apt-get install chromium), or set {ENV_VAR} to a Chrome "
    "executable; .html and .csv exports work without one."
)


class ChromiumMissing(ExportError):
    """No browser to render with (the message says what to install); raised before rendering."""

    def __init__(self, message: str = CHROME_MISSING) -> None:
        super().__init__(message)


def find_chromium() -> Path | None:
    """The browser to use, or None when there is none.

    ``BROWSER_PATH`` if set (an executable, or a name on ``PATH``; a wrong value finds nothing,
    as it makes Kaleido fail), else the first of the usual names on ``PATH``, else Debian's
    ``/usr/bin/chromium``.
    """
    named = os.environ.get(ENV_VAR)
    if named:
        found = shutil.which(named)
        return Path(found) if found else None
    for name in _NAMES:
        if found := shutil.which(name):
            return Path(found)
    return DEBIAN_CHROMIUM if os.access(DEBIAN_CHROMIUM, os.X_OK) else None


def require_chromium() -> Path:
    """The browser to use; :class:`ChromiumMissing` (one clear sentence) when there is none."""
    browser = find_chromium()
    if browser is None:
        raise ChromiumMissing()
    return browser


def kaleido_options(browser: Path) -> dict[str, Any]:
    """Kaleido's options for ``browser``: that executable, headless, without sandbox or GPU
    (Kaleido starts it with its own flags; these match :data:`HEADLESS_ARGS`)."""
    return {"path": str(browser), "headless": True, "enable_sandbox": False, "enable_gpu": False}


def playwright_launch_args(browser: Path) -> dict[str, Any]:
    """Keyword arguments for Playwright's ``chromium.launch``: ``browser``, never a download."""
    return {"executable_path": str(browser), "args": list(HEADLESS_ARGS)}
