"""Page load in Chromium: one plotly.js (the small one), one draw, the view the link asks for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.query.facets import Filters
from timeline.query.filters import apply_filters
from timeline.query.view import ViewState
from timeline.web.urlstate import encode

from .conftest import wait_until_idle

pytestmark = pytest.mark.browser

POINTS = "#timeline-graph .scatterlayer .trace .points path.point"
# counts Plotly.newPlot/react calls, whichever script defines window.Plotly
COUNT_DRAWS = """(() => {
    window.__draws = 0;
    let plotly;
    Object.defineProperty(window, 'Plotly', {
        configurable: true,
        get() { return plotly; },
        set(value) {
            plotly = value;
            for (const name of ['newPlot', 'react']) {
                const original = value && value[name];
                if (typeof original === 'function' && !original.__counted) {
                    value[name] = function (...args) {
                        window.__draws += 1;
                        return original.apply(this, args);
                    };
                    value[name].__counted = true;
                }
            }
        },
    });
})();"""


CALLBACKS: list[str] = []  # the callback requests the page made while last loaded


def load(page: Page, url: str) -> list[str]:
    """Open ``url`` and wait until the chart is drawn and the page has nothing left to do (no
    request in flight, no Dash callback queued or running, no draw for a few frames); script
    URLs. The callback requests made meanwhile are left in :data:`CALLBACKS`. A page that would
    draw again by itself is still at it when this returns, so a second draw is counted."""
    scripts: list[str] = []
    CALLBACKS.clear()
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.on(
        "request",
        lambda r: (
            CALLBACKS.append(r.post_data or "") if "_dash-update-component" in r.url else None
        ),
    )
    page.add_init_script(COUNT_DRAWS)
    page.goto(url)
    page.wait_for_selector(POINTS, state="attached")
    page.wait_for_load_state("networkidle")
    wait_until_idle(page)
    return scripts


def test_one_small_plotly_and_one_draw(page: Page, serve_app: Callable[[Path], str]) -> None:
    folder = bundled_data()
    ds = load_dataset(folder)
    scripts = load(page, serve_app(folder))
    plotly = [url for url in scripts if "plotly" in url]
    assert len(plotly) == 1 and "/assets/vendor/plotly-basic-" in plotly[0], plotly
    assert page.evaluate("window.__draws") == 1
    assert CALLBACKS == []  # the layout holds the whole page: no round trip on load
    expect(page.locator("#event-count")).to_have_text(
        f"{len(ds.events)} of {len(ds.events)} events"
    )
    # still interactive: a view option redraws
    page.locator("#view-group label", has_text="by theme").click()
    expect(page.locator("#view-group .selected")).to_have_text("by theme")
    page.wait_for_function("window.__draws >= 2")


def test_a_link_with_parameters_is_drawn_once_as_asked(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    folder = bundled_data()
    ds = load_dataset(folder)
    actor = str(ds.event_actors["actor"].value_counts().index[0])
    filters = Filters(actors=(actor,))
    search = encode(ViewState(filters=filters, group="theme"))
    load(page, serve_app(folder) + search)
    shown = len(apply_filters(ds, filters))
    expect(page.locator("#event-count")).to_have_text(f"{shown} of {len(ds.events)} events")
    assert page.evaluate("window.__draws") == 1
    assert page.evaluate("window.location.search") == search
    assert CALLBACKS == []
    expect(page.locator("#filter-actors")).to_contain_text(actor)
    expect(page.locator("#view-group .selected")).to_have_text("by theme")


def test_a_linked_event_opens_with_no_round_trip(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    folder = bundled_data()
    ds = load_dataset(folder)
    event = ds.events.iloc[len(ds.events) // 2]
    search = encode(ViewState(event=str(event["id"])))
    load(page, serve_app(folder) + search)
    expect(page.locator("#details-panel")).to_have_class("details is-open")
    expect(page.locator("#details-title")).to_have_text(str(event["title"]))
    expect(page.locator("#details-title")).to_be_focused()  # as when a row is opened
    assert CALLBACKS == [] and page.evaluate("window.__draws") == 1


def test_a_link_written_otherwise_is_rewritten_and_drawn_once(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    """Parameters in another order and an unknown one: the callbacks run on load, as before."""
    folder = bundled_data()
    ds = load_dataset(folder)
    actor = str(ds.event_actors["actor"].value_counts().index[0])
    canonical = encode(ViewState(filters=Filters(actors=(actor,)), group="theme"))
    written = "?colour=red&" + "&".join(reversed(canonical.lstrip("?").split("&")))
    load(page, serve_app(folder) + written)
    page.wait_for_function("(s) => window.location.search === s", arg=canonical)
    assert CALLBACKS  # sync rewrote the address
    assert page.evaluate("window.__draws") == 1
    expect(page.locator("#filter-actors")).to_contain_text(actor)


def test_a_zoomed_link_is_drawn_once_and_a_preset_still_zooms(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    folder = bundled_data()
    ds = load_dataset(folder)
    last = ds.events["end"].max()
    window = (f"{last.year - 10}-01-01", f"{last.year + 1}-01-01")
    search = encode(ViewState(window=window))
    load(page, serve_app(folder) + search)
    expect(page.locator("#event-count")).to_contain_text(" in view, ")
    assert page.evaluate("window.__draws") == 1
    assert page.evaluate("window.location.search") == search
    page.locator("#view-presets label", has_text="All").click()
    page.wait_for_function("window.__draws >= 2")
    expect(page.locator("#event-count")).not_to_contain_text(" in view, ")


def test_export_waits_for_plotly_while_it_is_still_a_promise(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    load(page, serve_app(bundled_data()))
    status = page.evaluate(
        """() => {
            const real = window.Plotly;
            const later = new Promise((resolve) => setTimeout(() => {
                window.Plotly = real;
                resolve(real);
            }, 300));
            window.Plotly = {then: later.then.bind(later)};  // as first_view.js leaves it
            const job = {figure: {data: [{x: [1, 2], y: [1, 2]}], layout: {}},
                         width: 400, height: 300, scale: 1, filename: 'early', pixels: '400×300'};
            return window.dash_clientside.timeline.downloadImage(job);
        }"""
    )
    assert status.startswith("Downloaded early"), status
