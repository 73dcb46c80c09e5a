"""Clicking "Export PNG" in a real Chromium downloads a valid PNG of the current view."""

from __future__ import annotations

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
