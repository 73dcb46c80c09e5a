"""Browser fixtures: Debian's Chromium driven by Playwright, against the app served as
``timeline serve`` serves it (waitress with timeline.web.server's settings).

No browser is ever downloaded: the one timeline.export.browser finds (BROWSER_PATH, else PATH,
else Debian's /usr/bin/chromium) is used. Without one the browser tests are skipped with one
reason, except in CI (CI=true), where that is a failure: the rule is in tests/conftest.py, for
every test that needs Chromium.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from chromium import CHROMIUM, playwright_launch_args
from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Looked at on every animation frame: Dash's store (window.store, as dash[testing] reads it)
# holds no callback queued, running or being applied, and nothing has changed since (callbacks
# completed, and charts drawn where a test counts them in window.__draws) for a few frames, the
# time React and dcc.Graph take to apply an answer. The page then does nothing more by itself.
DASH_IDLE = """(frames) => {
    const store = window.store;
    if (!store) return false;
    const state = store.getState();
    const callbacks = state.callbacks || {};
    const busy = Object.keys(callbacks).some((name) =>
        name !== 'stored' && name !== 'completed' && Array.isArray(callbacks[name])
        && callbacks[name].length > 0);
    const mark = JSON.stringify([callbacks.completed, window.__draws]);
    const seen = window.__idle || (window.__idle = {mark: null, quiet: 0});
    if (busy || state.isLoading || seen.mark !== mark) {
        seen.mark = busy ? null : mark;
        seen.quiet = 0;
        return false;
    }
    seen.quiet += 1;
    return seen.quiet >= frames;
}"""


def wait_until_idle(page: Page, frames: int = 3) -> None:
    """Wait until the Dash page has nothing left to do (see :data:`DASH_IDLE`): an event, not
    a fixed delay, so a slow machine waits longer and a fast one does not wait for nothing."""
    page.evaluate("delete window.__idle")
    page.wait_for_function(DASH_IDLE, arg=frames, polling="raf")


@pytest.fixture(scope="session", autouse=True)
def patient_expectations() -> None:
    """Wait up to 30 s for elements: a loaded CI machine is slower than a laptop."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, **playwright_launch_args(CHROMIUM)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def serve_app() -> Iterator[Callable[[Path], str]]:
    """Serve ``create_app(folder)`` on a free loopback port as ``timeline serve`` does (the
    production server factory, with its settings and Host check); returns its base URL. Each
    server is stopped at teardown, its kept-alive connections closed, its thread ended."""
    from timeline.web.app import create_app
    from timeline.web.server import create_server, running

    with ExitStack() as servers:

        def start(folder: Path) -> str:
            server = create_server(create_app(folder).server, host="127.0.0.1", port=0)
            return servers.enter_context(running(server))

        yield start


@pytest.fixture
def screenshot(page) -> Callable[[str], Path]:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot under test-artifacts/screenshots/ (git-ignored)."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
