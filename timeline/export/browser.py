"""The local Chromium or Chrome that static exports, reports, the browser tests, the benchmark
and the README screenshot are rendered with: the one place that finds it, says what to do when
there is none, and says how it is started.

One environment variable names it, ``BROWSER_PATH``, which Kaleido reads too; without it the
first browser on ``PATH`` is taken, else Debian's ``/usr/bin/chromium``. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path
from typing import Any

from timeline.export.files import ExportError

ENV_VAR = "BROWSER_PATH"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

# Headless and quiet: no sandbox (containers run as root), no GPU, and none of the requests a
# browser makes by itself (updates, sync, pings, safe-browsing lists, default apps).
HEADLESS_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-pings",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-field-trial-config",
]
# Startup calls to Google the flags above leave on: network time, optimisation hints, the
# search engine's preconnect, the media router. (Playwright turns these off itself, with its
# own --disable-features, which a second one would replace, so they are for our launches.)
QUIET_FEATURES = (
    "NetworkTimeServiceQuerying",
    "OptimizationHints",
    "OptimizationGuideModelDownloading",
    "PreconnectToSearch",
    "AimEnabled",
    "MediaRouter",
    "Translate",
)
# Where every remaining request goes: a proxy at port 0 of the loopback address, where
# nothing can listen, so a request ends on this machine, refused. No flag stops every call a
# browser version adds (Chromium 156 still lists Google accounts and asks for its on-device
# model manifest at startup), so this is what makes a renderer offline.
DEAD_END_PROXY = "http://127.0.0.1:0"


def offline_args() -> list[str]:
    """The flags a renderer's Chromium (Kaleido's, the PDF printer's) starts with: quiet, and
    every request sent to :data:`DEAD_END_PROXY`, loopback ones included (``<-loopback>``): a
    renderer opens local files and needs no network at all."""
    return [
        *HEADLESS_ARGS,
        f"--disable-features={','.join(QUIET_FEATURES)}",
        f"--proxy-server={DEAD_END_PROXY}",
        "--proxy-bypass-list=<-loopback>",
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
    """Kaleido's options for ``browser``: that executable, headless, without sandbox or GPU,
    started with :func:`offline_args` too, and with nothing on its page from the network:
    no MathJax (Kaleido takes it from a CDN for every chart; no chart has LaTeX) and the
    plotly.js installed with plotly, named, so a missing one fails rather than comes from a
    CDN."""
    return {
        "path": str(browser),
        "headless": True,
        "enable_sandbox": False,
        "enable_gpu": False,
        "browser_cls": offline_chromium(),
        "mathjax": False,
        "plotlyjs": str(_installed_plotly_js()),
    }


def _installed_plotly_js() -> Path:
    """The plotly.js bundled with the plotly package (Kaleido's own default, made explicit)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@functools.cache
def offline_chromium() -> type:
    """Kaleido's browser class (choreographer's ``Chromium``), started with
    :func:`offline_args` after its own flags: Kaleido has no option for extra flags."""
    from choreographer.browsers.chromium import Chromium

    class OfflineChromium(Chromium):
        def get_cli(self) -> list[str]:
            return [*super().get_cli(), *offline_args()]

    return OfflineChromium


def playwright_launch_args(browser: Path) -> dict[str, Any]:
    """Keyword arguments for Playwright's ``chromium.launch``: ``browser``, never a download,
    quiet, every request but loopback ones (the app under test) sent to the dead end."""
    return {
        "executable_path": str(browser),
        "args": [*HEADLESS_ARGS, f"--proxy-server={DEAD_END_PROXY}"],
    }
