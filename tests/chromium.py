"""Debian's Chromium and the flags it is started with, headless, for the browser tests, the
benchmark and the README screenshot (one place, so they cannot drift apart)."""

from __future__ import annotations

import os
from pathlib import Path

from timeline.export.browser import HEADLESS_ARGS

CHROMIUM = Path(os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium"))
__all__ = ["CHROMIUM", "HEADLESS_ARGS"]
