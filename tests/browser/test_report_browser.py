"""The HTML report in a real Chromium: scripts and handlers in the data never run, the markup
shows as text, and the page makes no request at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from report.conftest import EXPECTED, IMG, SCRIPT, write_report_dataset

from timeline.load import load_dataset
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report

pytestmark = pytest.mark.browser


def test_markup_in_the_data_never_executes_and_shows_as_text(page: Page, tmp_path: Path) -> None:
    dataset = load_dataset(write_report_dataset(tmp_path / "data"))
    page_file = tmp_path / "report.html"
    page_file.write_bytes(build_report(dataset, ViewState(Filters()), fmt="html"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script("window.pwned = 0")
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("window.pwned") == 0
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 1  # the chart only
    assert page.evaluate("document.images[0].naturalWidth") > 0
    titles = page.locator("h3 .title").all_inner_texts()
    assert titles == [title for _, title, _ in EXPECTED]
    body = page.inner_text("body")
    assert SCRIPT in body and IMG in body
    page.click("a.cite >> nth=0")
    assert page.url.endswith("#source-1")
    assert page.evaluate("window.pwned") == 0
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
