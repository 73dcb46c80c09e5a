"""The local Chromium or Chrome that static exports and PDF reports are rendered with."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_chromium() -> Path | None:
    """``BROWSER_PATH`` if set (as Kaleido reads it), else the first browser on ``PATH``, else
    Debian's ``/usr/bin/chromium`` if present; None when there is none."""
    named = os.environ.get("BROWSER_PATH")
    if named:
        return Path(named) if Path(named).is_file() else None
    for name in _NAMES:
        if found := shutil.which(name):
            return Path(found)
    debian = Path("/usr/bin/chromium")
    return debian if debian.is_file() else None
