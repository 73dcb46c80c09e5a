"""A pack served on its engine, in a real headless Chromium: the whole pack as the engine's
density, a drag on the chart zooming in, and a view narrow enough to draw one by one, whose
event opens with the words of its sources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from tests.conftest import write_synth_pack
from timeline.chart.options import ChartLimits
from timeline.load.loader import load_dataset
from timeline.query.pack_source import open_pack
from timeline.web.app import create_app
from timeline.web.server import create_server, running

pytestmark = pytest.mark.browser

CELLS = "#timeline-graph .scatterlayer .trace .points path.point"
COUNT = "#event-count"
DETAIL = 40


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synth_pack(tmp_path_factory.mktemp("browse") / "pack", seed=11)


def narrow_window(pack: Path) -> tuple[str, str]:
    """A window of the pack whose events are drawn one by one (at most DETAIL event-lane
    rows in view), found from the data."""
    events = load_dataset(pack).events
    starts = events["start"].to_numpy().astype("datetime64[D]")
    lanes = events["actors"].map(len).to_numpy()
    for at in range(len(events) // 2, len(events)):
        lo, hi = starts[at], starts[at] + np.timedelta64(1, "D")
        seen = (events["start"].to_numpy() < hi) & (events["end"].to_numpy() > lo)
        if 0 < lanes[seen].sum() <= DETAIL:
            return str(lo), str(hi)
    raise AssertionError("no narrow window in the synthetic pack")


def test_a_pack_zooms_from_the_engines_density_to_one_events_sources(
    page: Page, pack: Path, screenshot: Callable[[str], Path]
):
    app = create_app(open_pack(pack, masks=True), limits=ChartLimits(detail=DETAIL))  # as served
    with running(create_server(app.server, host="127.0.0.1", port=0)) as url:
        page.goto(url)
        expect(page.locator(COUNT)).to_have_text("600 of 600 events")
        page.wait_for_selector(CELLS, state="attached")
        legend = page.locator("#timeline-graph .legendtitletext").text_content() or ""
        assert "600 events in view, to scale" in legend
        screenshot("pack-density")

        # a drag across the middle of the plot zooms in: the engine is asked again
        box = page.locator("#timeline-graph .nsewdrag").first.bounding_box()
        assert box is not None
        y = box["y"] + min(80, box["height"] / 2)
        page.mouse.move(box["x"] + box["width"] * 0.1, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=8)
        page.mouse.up()
        expect(page.locator(COUNT)).to_contain_text(" in view, ")
        assert "window=" in page.url

        lo, hi = narrow_window(pack)
        page.goto(f"{url}?window={lo}..{hi}")
        expect(page.locator(COUNT)).to_contain_text(" in view, ")
        page.wait_for_selector(CELLS, state="attached")
        legends = page.locator("#timeline-graph .legendtitletext").all_text_contents()
        assert not any("events in view" in text for text in legends)  # drawn one by one
        first = page.locator("#event-rows a.list-item").first
        title = first.locator(".list-title-text").text_content() or ""
        first.click()
        expect(page.locator("#details-title")).to_have_text(title)
        quote = page.locator("#event-details mark").first
        expect(quote).to_be_visible()
        screenshot("pack-detail")
