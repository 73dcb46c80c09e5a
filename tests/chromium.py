"""Debian's Chromium and the flags it is started with, headless, for the browser tests, the
benchmark and the README screenshot (one place, so they cannot drift apart)."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium"))
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
