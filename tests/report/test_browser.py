"""The HTML report in a real Chromium: scripts and handlers in the data never run, the markup
shows as text, and the page makes no request at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import CHROMIUM, HEADLESS_ARGS

from timeline.query.filters import Filters
from timeline.report import build_report

from .conftest import EXPECTED, IMG, SCRIPT, needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


def test_markup_in_the_data_never_executes_and_shows_as_text(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "report.html"
    page_file.write_bytes(build_report(dataset, Filters(), fmt="html"))
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=HEADLESS_ARGS)
        try:
            page = browser.new_page()
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
        finally:
            browser.close()
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
