"""Browser fixtures: Debian's Chromium driven by Playwright, against a real waitress server.

No browser is ever downloaded. Without /usr/bin/chromium the browser tests are skipped with
one reason, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from chromium import CHROMIUM, HEADLESS_ARGS

CHROMIUM_ARGS = HEADLESS_ARGS
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip (or, in CI, fail) every browser test when there is no Chromium."""
    if CHROMIUM.exists() or shutil.which(str(CHROMIUM)):
        return
    reason = f"no Chromium at {CHROMIUM}: apt-get install chromium (never downloaded here)"
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"browser tests need Chromium in CI; {reason}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session", autouse=True)
def patient_expectations() -> None:
    """Wait up to 30 s for elements: a loaded CI machine is slower than a laptop."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": DESKTOP}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve_app() -> Iterator[Callable[[Path], str]]:
    """Serve ``create_app(folder)`` on a free loopback port; returns its base URL."""
    import waitress

    from timeline.web.app import create_app

    servers = []

    def start(folder: Path) -> str:
        app = create_app(folder)
        server = waitress.create_server(app.server, host="127.0.0.1", port=_free_port(), threads=4)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.effective_port}/"

    yield start
    for server, thread in servers:
        server.close()
        thread.join(timeout=5)


@pytest.fixture
def screenshot(page) -> Callable[[str], Path]:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot under test-artifacts/screenshots/ (git-ignored)."""

    def save(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
