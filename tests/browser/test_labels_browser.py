"""Labels measured where they are drawn: in the app in Chromium, and in exported SVGs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from timeline.export import ImageSize, export
from timeline.load import load_dataset
from timeline.query import Filters
from timeline.query.view import ViewState, window_mask

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import EVENTS, write_dataset
from labelled import crowded_dataset

pytestmark = pytest.mark.browser
POINTS = "#timeline-graph .scatterlayer .trace .points path.point"
# The boxes of the event labels (annotations ending in "(n)") and of the dots, on screen.
MEASURE = """(root) => {
    const scope = root ? document.querySelector(root) : document;
    const box = (el) => { const r = el.getBoundingClientRect();
                          return [r.left, r.top, r.right, r.bottom]; };
    const labels = [...scope.querySelectorAll('g.annotation')]
        .filter((g) => /\\(\\d+\\)$/.test(g.textContent.trim()))
        .map((g) => [...box(g.querySelector('text')), g.textContent.trim()]);
    const points = [...scope.querySelectorAll('.scatterlayer .trace .points path.point')]
        .map(box);
    const frame = box(scope.querySelector('svg.main-svg') || scope.querySelector('svg'));
    return {labels, points, frame};
}"""


def overlaps(a: list, b: list, slack: float = 0.5) -> bool:
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def check(measured: dict, expected: int) -> None:
    labels, points, frame = measured["labels"], measured["points"], measured["frame"]
    assert len(labels) == expected
    for a, b in combinations(labels, 2):
        assert not overlaps(a, b), (a[4], b[4])
    for label in labels:
        assert frame[0] - 1 <= label[0] and label[2] <= frame[2] + 1, label[4]
        for point in points:
            assert not overlaps(label, point, slack=1.0), label[4]


def test_every_label_is_drawn_without_overlap_in_the_app(
    page: Page, serve_app: Callable[[Path], str], screenshot: Callable[[str], Path], tmp_path: Path
) -> None:
    folder = crowded_dataset(tmp_path / "crowded")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(serve_app(folder))
    expect(page.locator("#event-count")).to_have_text("40 of 40 events")
    page.wait_for_selector(POINTS, state="attached")
    expect(page.locator("#timeline-graph g.annotation")).not_to_have_count(0)
    check(page.evaluate(MEASURE, "#timeline-graph"), 40)
    # the label with markup in its title is shown as text
    expect(page.locator("#timeline-graph g.annotation", has_text="<b>Bold</b>")).to_have_count(1)
    screenshot("labels-crowded-desktop")


@pytest.mark.parametrize("size", [ImageSize(1600, 900, 1), ImageSize(800, 600, 1)])
def test_every_label_is_drawn_without_overlap_in_an_svg_export(
    page: Page, tmp_path: Path, size: ImageSize
) -> None:
    folder = crowded_dataset(tmp_path / "crowded")
    out = tmp_path / "chart.svg"
    export(load_dataset(folder), ViewState(Filters()), out, size=size)
    page.set_content(f"<html><body style='margin:0'>{out.read_text()}</body></html>")
    check(page.evaluate(MEASURE, None), 40)


def test_a_zoomed_export_labels_what_it_shows(page: Page, tmp_path: Path) -> None:
    folder = crowded_dataset(tmp_path / "crowded")
    out = tmp_path / "zoom.svg"
    window = ("2024-06-01", "2024-06-05")
    dataset = load_dataset(folder)
    export(dataset, ViewState(Filters(), window=window), out)
    page.set_content(f"<html><body style='margin:0'>{out.read_text()}</body></html>")
    # every event in view is labelled, one whose dot lies before the window too (at its edge)
    check(page.evaluate(MEASURE, None), int(window_mask(dataset.events, window).sum()))


def test_clicking_a_label_opens_its_event_as_a_click_on_its_dot_does(
    page: Page, serve_app: Callable[[Path], str], screenshot: Callable[[str], Path], tmp_path: Path
) -> None:
    long = "A summit of Ruritania, Freedonia and the League renews their old friendship"
    events = [
        {**EVENTS[0], "label": ""},
        {**EVENTS[1], "label": ""},
        {**EVENTS[2], "title": long, "label": "Summit"},
    ]
    page.goto(serve_app(write_dataset(tmp_path / "labels", events=events)))
    expect(page.locator("#event-count")).to_have_text("3 of 3 events")
    summit = page.locator("#timeline-graph g.annotation", has_text="Summit (2)")
    expect(summit).to_have_count(1)
    # the label looks clickable, and its shortened text gives way to the full title on hover
    clickable = summit.locator("g.annotation-text-g > g")
    assert clickable.evaluate("el => getComputedStyle(el).cursor") == "pointer"
    assert clickable.evaluate("el => getComputedStyle(el).pointerEvents") == "all"
    summit.locator("text").hover()
    expect(page.locator("#timeline-graph .hoverlayer")).to_contain_text("their old friendship")

    summit.locator("text").click()
    expect(page.locator("#details-panel")).to_have_class("details is-open")
    expect(page.locator("#details-title")).to_have_text(long)
    assert page.evaluate("new URLSearchParams(location.search).get('event')") == "summit"
    page.wait_for_function(  # the chart rings the event, as after a click on its dot
        "document.querySelector('#timeline-graph .js-plotly-plot').data"
        ".some((t) => t.name === 'selected')"
    )
    screenshot("label-clicked")

    rail = page.locator("#timeline-graph g.annotation", has_text="Rail link in service (2)")
    rail.locator("text").click()
    expect(page.locator("#details-title")).to_have_text("Rail link in service")
    # closed, then the same label again: the same click data opens it once more
    page.locator("#details-close").click()
    expect(page.locator("#details-panel")).to_have_class("details")
    assert page.evaluate("new URLSearchParams(location.search).get('event')") is None
    rail.locator("text").click()
    expect(page.locator("#details-panel")).to_have_class("details is-open")
    expect(page.locator("#details-title")).to_have_text("Rail link in service")
    assert page.evaluate("new URLSearchParams(location.search).get('event')") == "rail"
