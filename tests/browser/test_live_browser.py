"""Live edits against a real server in a real browser: edit, break, fix — nothing is lost."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import wait_until_idle

pytestmark = pytest.mark.browser
COUNT = "#event-count"
NEW_ROW = "treaty-2,2005,,A second treaty,,Ruritania,treaty,stated,\n"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def edit_and_reload(page: Page, path: Path, text: str) -> None:
    """Edit the file while the page is idle, then reload it once. Every page load looks at the
    files whatever the watch interval (and waits for an edit to settle), and no request of the
    old page is still being answered: the reloaded page shows the edit, or the app is wrong."""
    wait_until_idle(page)
    write(path, text)
    page.reload()


def test_edit_then_break_then_fix_the_dataset_while_the_app_runs(
    page: Page,
    serve_app: Callable[[Path], str],
    tiny_dataset: Path,
    screenshot: Callable[[str], Path],
) -> None:
    events = tiny_dataset / "events.csv"
    good = events.read_text(encoding="utf-8")
    url = serve_app(tiny_dataset)
    page.goto(url)
    expect(page.locator(COUNT)).to_have_text("3 of 3 events")

    edit_and_reload(page, events, good + NEW_ROW)
    expect(page.locator(COUNT)).to_have_text("4 of 4 events")
    expect(page.locator("#event-list")).to_contain_text("A second treaty")

    edit_and_reload(
        page, events, good + NEW_ROW + "broken,2024-02-30,,Bad row,,Ruritania,treaty,stated,\n"
    )
    expect(page.locator("body")).to_contain_text("The dataset files have")
    banner = page.locator("#dataset-problems")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("events.csv:6: column 'date'")
    expect(banner).to_contain_text("2024-02-30")
    expect(page.locator(COUNT)).to_have_text("4 of 4 events")
    screenshot("live-edit-invalid")

    edit_and_reload(page, events, good)
    expect(page.locator(COUNT)).to_have_text("3 of 3 events")
    expect(page.locator("#dataset-problems")).to_have_count(0)
    assert events.read_text(encoding="utf-8") == good
