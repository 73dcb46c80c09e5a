"""Live edits against a real server in a real browser: edit, break, fix — nothing is lost."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
COUNT = "#event-count"
NEW_ROW = "treaty-2,2005,,A second treaty,,Ruritania,treaty,stated,\n"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def reload_until(page: Page, selector: str, text: str) -> None:
    """Reload until the page shows the edit (the server looks at the files at most once a
    second), failing after twenty tries."""
    for _ in range(20):
        page.reload()
        try:
            expect(page.locator(selector)).to_contain_text(text, timeout=3_000)
            return
        except AssertionError:
            continue
    expect(page.locator(selector)).to_contain_text(text)


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

    write(events, good + NEW_ROW)
    reload_until(page, COUNT, "4 of 4 events")
    expect(page.locator("#event-list")).to_contain_text("A second treaty")

    write(events, good + NEW_ROW + "broken,2024-02-30,,Bad row,,Ruritania,treaty,stated,\n")
    reload_until(page, "body", "The dataset files have")
    banner = page.locator("#dataset-problems")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("events.csv:6: column 'date'")
    expect(banner).to_contain_text("2024-02-30")
    expect(page.locator(COUNT)).to_have_text("4 of 4 events")
    screenshot("live-edit-invalid")

    write(events, good)
    reload_until(page, COUNT, "3 of 3 events")
    expect(page.locator("#dataset-problems")).to_have_count(0)
    assert events.read_text(encoding="utf-8") == good
