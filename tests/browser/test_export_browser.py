"""Clicking "Export PNG" in a real Chromium downloads a valid PNG of the current view."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from timeline.load.bundled import bundled_data

pytestmark = pytest.mark.browser
POINTS = "#timeline-graph .scatterlayer .trace .points path.point"


def test_export_button_downloads_the_filtered_view_as_png(
    page: Page,
    serve_app: Callable[[Path], str],
    screenshot: Callable[[str], Path],
    tmp_path: Path,
) -> None:
    page.goto(serve_app(bundled_data()) + "?actor=China&theme=diplomacy")
    expect(page.locator("#event-count")).to_contain_text("of")
    page.wait_for_selector(POINTS, state="attached")
    with page.expect_download(timeout=60_000) as info:
        page.click("#export-button")
    download = info.value
    assert download.suggested_filename == "timeline-actors-china-themes-diplomacy.png"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    expect(page.locator("#export-status")).to_contain_text("Downloaded")
    screenshot("export-clicked")
    with Image.open(target) as image:
        assert image.format == "PNG"
        assert image.size == (3200, 1800)
        pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    assert pixels.std() > 10
    copy = Path(__file__).resolve().parents[2] / "test-artifacts" / "export-from-app.png"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(target.read_bytes())


def test_download_report_gives_the_chronology_of_the_view(
    page: Page, serve_app: Callable[[Path], str], tmp_path: Path
) -> None:
    """ "Download report" next to Export PNG: the filtered, zoomed view as a report file."""
    from timeline.load import load_dataset
    from timeline.query import Filters, apply_filters

    search = "?actor=China&window=2024-05-01..2024-06-22"
    page.goto(serve_app(bundled_data()) + search)
    page.wait_for_selector(POINTS, state="attached")
    with page.expect_download(timeout=90_000) as info:
        page.click("#report-button")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".html"
    text = target.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html>") and '<html lang="en">' in text
    shown = apply_filters(load_dataset(bundled_data()), Filters(actors=("China",)))
    in_window = shown[shown["start"] < np.datetime64("2024-06-22")]
    in_window = in_window[in_window["end"] > np.datetime64("2024-05-01")]
    shown_text = html.unescape(text)  # however the template escapes, the titles read as given
    for title in in_window["title"]:
        assert title in shown_text
    assert "Russia vetoes" not in text  # March 2024: outside the window
    expect(page.locator("#report-status")).to_contain_text("Downloaded")
