"""The app in a real headless Chromium: load, filter, click, share a link, stay safe."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.query.filters import Filters, apply_filters

from .conftest import wait_until_idle

pytestmark = pytest.mark.browser

POINTS = "#timeline-graph .scatterlayer .trace .points path.point"
COUNT = "#event-count"


def bundled_or_skip() -> Path:
    folder = bundled_data()
    if not (folder / "events.csv").is_file():
        pytest.skip("the bundled dataset is not present")
    return folder


def wait_drawn(page: Page) -> None:
    """The chart drawn and the page idle: a redraw still on its way (the chart laid out again
    for the window's measured width) would move the dots a test is about to click."""
    expect(page.locator(COUNT)).to_contain_text("events")
    page.wait_for_selector(POINTS, state="attached")
    wait_until_idle(page)


def to_phone(page: Page) -> None:
    """Narrow the window to a phone's and wait until the chart has re-laid itself out."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(
        "document.querySelector('#timeline-graph .main-svg').getBoundingClientRect().width < 390"
    )


def svg_texts(page: Page, selector: str) -> list[str]:
    """Text of SVG elements (inner_text does not apply to SVG)."""
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent)")


def choose(page: Page, dropdown: str, option: str) -> None:
    """Pick an option in a Dash 4 dropdown, then close it."""
    page.click(f"#{dropdown}")
    page.locator(".dash-dropdown-options .dash-dropdown-option", has_text=option).first.click()
    page.keyboard.press("Escape")


def lane_rows(folder: Path, filters: Filters | None = None) -> tuple[int, int, int]:
    """(shown events, all events, dots drawn by actor) for filters on a dataset."""
    ds = load_dataset(folder)
    shown = apply_filters(ds, filters or Filters())
    dots = int(ds.event_actors["event"].isin(shown.index).sum())
    return len(shown), len(ds.events), dots


def test_page_loads_with_every_event_drawn(
    page: Page, serve_app: Callable[[Path], str], screenshot: Callable[[str], Path]
) -> None:
    folder = bundled_or_skip()
    _, total, dots = lane_rows(folder)
    page.goto(serve_app(folder))
    wait_drawn(page)
    expect(page.locator(COUNT)).to_have_text(f"{total} of {total} events")
    expect(page.locator(POINTS)).to_have_count(dots)
    expect(page.locator("#event-list li")).to_have_count(total)
    # the camera button would download an uncaptioned chart: Export PNG replaces it
    expect(page.locator(".modebar-btn[data-title='Download plot as a PNG']")).to_have_count(0)
    expect(page.locator("#export-button")).to_have_count(1)
    screenshot("load-desktop")
    to_phone(page)
    screenshot("load-phone")


def test_choosing_an_actor_and_a_theme_narrows_chart_and_count(
    page: Page, serve_app: Callable[[Path], str], screenshot: Callable[[str], Path]
) -> None:
    folder = bundled_or_skip()
    ds = load_dataset(folder)
    actor = ds.event_actors["actor"].value_counts().index[1]  # a common, not the top, actor
    in_actor = apply_filters(ds, Filters(actors=(str(actor),)))
    theme = str(in_actor["themes"].explode().value_counts().index[-1])
    shown, total, dots = lane_rows(folder, Filters(actors=(str(actor),), themes=(theme,)))
    assert 0 < shown < total
    page.goto(serve_app(folder))
    wait_drawn(page)
    choose(page, "filter-actors", str(actor))
    expect(page.locator(COUNT)).to_have_text(f"{len(in_actor)} of {total} events")
    choose(page, "filter-themes", theme)
    expect(page.locator(COUNT)).to_have_text(f"{shown} of {total} events")
    expect(page.locator(POINTS)).to_have_count(dots)
    expect(page.locator("#event-list li")).to_have_count(shown)
    assert f"actor={actor}".replace(" ", "%20") in page.evaluate("location.search")
    screenshot("filtered")
    page.locator("#filter-query").fill("no such words anywhere")
    expect(page.locator("#event-list-note")).to_contain_text("No events match")
    expect(page.locator("#event-list li")).to_have_count(0)


def test_clicking_an_event_shows_its_excerpts(
    page: Page, serve_app: Callable[[Path], str], screenshot: Callable[[str], Path]
) -> None:
    folder = bundled_or_skip()
    ds = load_dataset(folder)
    page.goto(serve_app(folder))
    wait_drawn(page)
    # on the chart: hover then click the last dot, as a user would
    point = page.locator(POINTS).last
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    expect(page.locator("#details-panel")).to_have_class("details is-open")
    event_id = page.evaluate("new URLSearchParams(location.search).get('event')")
    event = ds.events[ds.events["id"] == event_id].iloc[0]
    expect(page.locator("#details-title")).to_have_text(str(event["title"]))
    expected = ds.excerpts[ds.excerpts["event_id"] == event_id]
    expect(page.locator("#event-details .excerpt-block")).to_have_count(len(expected))
    first_quote = page.locator("#event-details .excerpt mark.quote").first
    assert (
        first_quote.inner_text().strip() in {q.strip() for q in expected["quote"]}
        or len(first_quote.inner_text()) > 10
    )
    screenshot("details-from-chart")
    # in the list: another event
    other = ds.events.iloc[0]
    row = page.locator("#event-list .list-item", has_text=str(other["title"]))
    page.evaluate("window.sameDocument = true")
    row.focus()
    page.keyboard.press("Enter")  # a keyboard user opens it too, and the page is not reloaded
    expect(page.locator("#details-title")).to_have_text(str(other["title"]))
    expect(row).to_have_class("list-item is-selected")
    assert page.evaluate("new URLSearchParams(location.search).get('event')") == other["id"]
    assert page.evaluate("window.sameDocument") is True
    page.locator("#event-details summary", has_text="Read the whole article").first.click()
    expect(page.locator("#event-details .article-text mark.quote").first).to_be_visible()
    to_phone(page)
    screenshot("details-phone")


def test_a_link_with_parameters_restores_the_view(
    page: Page, serve_app: Callable[[Path], str], screenshot: Callable[[str], Path]
) -> None:
    folder = bundled_or_skip()
    ds = load_dataset(folder)
    actor = str(ds.event_actors["actor"].value_counts().index[0])
    filters = Filters(actors=(actor,), date_from="2024")
    shown, total, _ = lane_rows(folder, filters)
    event = apply_filters(ds, filters).iloc[-1]
    base = serve_app(folder)
    page.goto(f"{base}?actor={actor}&from=2024&group=theme&axis=linear&event={event['id']}")
    wait_drawn(page)
    expect(page.locator(COUNT)).to_have_text(f"{shown} of {total} events")
    expect(page.locator("#filter-actors")).to_contain_text(actor)
    expect(page.locator("#filter-from")).to_have_value("2024")
    expect(page.locator("#view-group .selected")).to_have_text("by theme")
    expect(page.locator("#view-axis .selected")).to_have_text("linear")
    expect(page.locator("#details-title")).to_have_text(str(event["title"]))
    lanes = svg_texts(page, "#timeline-graph .yaxislayer-above .ytick text")
    assert set(lanes) <= set(ds.themes) and lanes
    # a bad parameter is ignored with a visible notice, not an error page
    page.goto(f"{base}?actor={actor}&axis=sideways&colour=red")
    wait_drawn(page)
    expect(page.locator("#notices li")).to_have_count(2)
    expect(page.locator("#notices")).to_contain_text("axis=sideways")
    screenshot("from-link")


def test_markup_in_a_title_is_shown_as_text(
    page: Page,
    serve_app: Callable[[Path], str],
    make_dataset: Callable[..., Path],
    tiny_dataset: Path,
    screenshot: Callable[[str], Path],
) -> None:
    title = "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned=2'>"
    with (tiny_dataset / "events.csv").open(encoding="utf-8") as handle:
        events = list(csv.DictReader(handle))
    events[0]["title"] = title
    folder = make_dataset(events=events)
    page.goto(serve_app(folder) + "?event=westphalia")
    wait_drawn(page)
    expect(page.locator("#details-title")).to_have_text(title)
    expect(page.locator("#event-list")).to_contain_text(title)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#event-details img, #event-list img").count() == 0
    screenshot("markup-as-text")


def test_a_different_dataset_with_early_years_renders_and_filters(
    page: Page,
    serve_app: Callable[[Path], str],
    tiny_dataset: Path,
    screenshot: Callable[[str], Path],
) -> None:
    _, total, dots = lane_rows(tiny_dataset)
    page.goto(serve_app(tiny_dataset))
    wait_drawn(page)
    expect(page.locator(COUNT)).to_have_text(f"{total} of {total} events")
    expect(page.locator(POINTS)).to_have_count(dots)
    ticks = svg_texts(page, "#timeline-graph .xaxislayer-above .xtick text")
    assert any("1648" in t for t in ticks), ticks
    lanes = svg_texts(page, "#timeline-graph .yaxislayer-above .ytick text")
    assert lanes == ["Ruritania", "Freedonia", "League"]
    choose(page, "filter-themes", "trade")
    n, _, _ = lane_rows(tiny_dataset, Filters(themes=("trade",)))
    expect(page.locator(COUNT)).to_have_text(f"{n} of {total} events")
    page.click("#filter-reset")
    expect(page.locator(COUNT)).to_have_text(f"{total} of {total} events")
    page.locator("#view-axis label", has_text="linear").click()
    expect(page.locator("#view-axis .selected")).to_have_text("linear")
    expect(page.locator("#timeline-graph .annotation-text", has_text="//")).to_have_count(0)
    expect(page.locator(POINTS)).to_have_count(dots)
    screenshot("second-dataset")
