"""Keyboard, screen-reader and phone use in a real Chromium: an axe-core audit of three
states, the keyboard path through the page, and the phone layout's first screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_app_browser import bundled_or_skip, wait_drawn

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ROWS = "#event-list a.list-item"
PHONE = {"width": 390, "height": 844}


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """() => axe.run().then(r => r.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact,
                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))"""
    )
    return list(found)


def focused(page: Page) -> dict:
    return dict(
        page.evaluate(
            """() => { const e = document.activeElement;
                return {tag: e.tagName, id: e.id, cls: e.className,
                        event: e.getAttribute('data-event'), text: e.textContent.slice(0, 80),
                        outline: getComputedStyle(e).outlineStyle}; }"""
        )
    )


def wait_focus(page: Page, selector: str) -> None:
    page.wait_for_function(
        "s => document.activeElement && document.activeElement.matches(s)", arg=selector
    )


def small_targets(page: Page) -> list[str]:
    """Visible controls smaller than 24 px either way (skip links are shown only on focus;
    an option's radio or checkbox counts as its whole label)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll(
                  'a, button, summary, input, .dash-options-list-option')]
                .filter(e => e.checkVisibility() && !e.closest('.visually-hidden')
                             && !e.classList.contains('skip-link')
                             && !(e.matches('input') && e.closest('.dash-options-list-option')))
                .map(e => [e.tagName + '.' + e.className, e.getBoundingClientRect()])
                .filter(([_, r]) => r.width < 24 || r.height < 24)
                .map(([n, r]) => n + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))"""
        )
    )


def test_axe_finds_no_serious_violation_on_the_page_a_dropdown_and_an_open_article(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    page.goto(serve_app(bundled_or_skip()))
    wait_drawn(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert axe_violations(page) == []

    page.click("#filter-actors")
    expect(page.locator(".dash-dropdown-content[role=dialog]")).to_have_attribute(
        "aria-label", "Actors"
    )
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(page.locator(".dash-dropdown-content")).to_have_count(0)

    page.locator(ROWS).nth(2).click()
    expect(page.locator("#details-panel")).to_have_class("details is-open")
    page.locator("#event-details summary", has_text="Read the whole article").first.click()
    expect(page.locator("#event-details .article-text").first).to_be_visible()
    assert axe_violations(page) == []


def test_the_keyboard_reaches_opens_and_closes_every_event(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    page.goto(serve_app(bundled_or_skip()))
    wait_drawn(page)
    # the first Tab stop is a skip link, shown when focused
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link", has_text="Skip to the event list")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    wait_focus(page, "#events-shown")
    page.keyboard.press("Tab")
    wait_focus(page, f"{ROWS}")
    row = focused(page)
    assert row["outline"] != "none"  # visible focus
    # every event is a row of the list: Tab walks them all
    n_rows = page.locator(ROWS).count()
    assert n_rows == int(page.locator("#event-count").inner_text().split()[0])

    # Enter opens the event and moves focus to its title
    page.keyboard.press("Enter")
    wait_focus(page, "#details-title")
    assert "event=" in page.url
    title = page.locator(f'{ROWS}[data-event="{row["event"]}"] .list-title-text').inner_text()
    expect(page.locator("#details-title")).to_have_text(title)
    # Close is one Shift+Tab away; Escape returns focus to the row it came from
    page.keyboard.press("Shift+Tab")
    wait_focus(page, "#details-close")
    page.keyboard.press("Escape")
    expect(page.locator("#details-panel")).to_have_class("details")
    wait_focus(page, f'{ROWS}[data-event="{row["event"]}"]')
    assert "event=" not in page.url

    # the next row, closed with the Close button from the keyboard
    page.keyboard.press("Tab")
    nxt = focused(page)
    assert nxt["event"] and nxt["event"] != row["event"]
    page.keyboard.press("Enter")
    wait_focus(page, "#details-title")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#details-panel")).to_have_class("details")
    wait_focus(page, f'{ROWS}[data-event="{nxt["event"]}"]')

    # the second skip link lands on the chart
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(".skip-link", has_text="Skip to the chart").focus()
    page.keyboard.press("Enter")
    wait_focus(page, "#chart-region")


def test_the_dropdowns_open_from_the_keyboard(page: Page, serve_app: Callable[[Path], str]) -> None:
    page.goto(serve_app(bundled_or_skip()))
    wait_drawn(page)
    page.locator("#filter-actors").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".dash-dropdown-content[role=dialog]")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    wait_focus(page, "#filter-actors")


def test_the_phone_layout_shows_title_and_events_first_and_opens_an_event_in_place(
    page: Page, serve_app: Callable[[Path], str], screenshot: Callable[[str], Path]
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(serve_app(bundled_or_skip()))
    expect(page.locator(ROWS).first).to_be_visible()
    # first screen: the title and at least three whole events; nothing scrolls sideways
    expect(page.locator("h1")).to_be_in_viewport(ratio=1)
    on_screen = page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].filter(e => {
            const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;
        }).length""",
        ROWS,
    )
    assert on_screen >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # filters and chart one tap away
    expect(page.locator("#filters-disclosure")).not_to_have_attribute("open", "")
    expect(page.locator("#chart-region")).not_to_have_attribute("open", "")
    expect(page.locator("#filter-actors")).to_be_hidden()
    expect(page.locator("#timeline-graph")).to_be_hidden()
    page.screenshot(path=str(screenshot("access-phone-first-screen")))  # the first screen only
    assert small_targets(page) == []

    page.click("#filters-disclosure > summary")
    expect(page.locator("#filter-actors")).to_be_visible()
    assert small_targets(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("access-phone-filters")
    page.click("#filters-disclosure > summary")

    page.click("#chart-region > summary")
    page.wait_for_function(
        "document.querySelector('#timeline-graph .main-svg').getBoundingClientRect().width > 300"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert small_targets(page) == []
    screenshot("access-phone-chart")
    page.click("#chart-region > summary")

    # tapping an event opens its details over the list; Close goes back to the same place
    page.evaluate("window.scrollTo(0, 400)")
    before = page.evaluate("window.scrollY")
    row = page.locator(ROWS).nth(4)
    event_id = row.get_attribute("data-event")
    row.click()
    expect(page.locator("#details-panel")).to_have_class("details is-open")
    wait_focus(page, "#details-title")
    expect(page.locator("#details-close")).to_be_in_viewport(ratio=1)
    expect(page.locator("#details-title")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == before
    page.screenshot(path=str(screenshot("access-phone-details")))  # the first screen only
    assert axe_violations(page) == []
    assert small_targets(page) == []
    # the page behind the overlay is out of reach until the details close
    assert page.evaluate("document.querySelector('.main-column').inert")
    page.keyboard.press("Shift+Tab")
    wait_focus(page, "#details-close")
    page.click("#details-close")
    expect(page.locator("#details-panel")).to_have_class("details")
    wait_focus(page, f'{ROWS}[data-event="{event_id}"]')
    assert not page.evaluate("document.querySelector('.main-column').inert")
    assert abs(page.evaluate("window.scrollY") - before) < 2


def test_a_long_list_says_how_many_and_finds_any_name_as_you_type(
    page: Page, serve_app: Callable[[Path], str], make_dataset: Callable[..., Path]
) -> None:
    from tests.conftest import VOCABULARY

    many = [{"kind": "actor", "name": f"Province {i:03d}", "description": ""} for i in range(120)]
    page.goto(serve_app(make_dataset(vocabulary=[*VOCABULARY, *many])))
    wait_drawn(page)
    button = page.locator("button#filter-actors")
    hint = page.locator("#filter-actors-hint")
    expect(hint).to_have_text("123 to choose from: type to find one.")
    expect(button).to_have_attribute("aria-describedby", "filter-actors-hint")
    button.click()
    # Select All takes the names offered, not all 123: it says so
    expect(page.locator(".dash-dropdown-action-button").first).to_have_text("Select all shown")
    page.keyboard.type("province 11")  # not among the names offered at first
    options = page.locator(".dash-dropdown-content .dash-options-list-option")
    expect(options).to_have_count(10)  # 110 to 119, found on the server
    options.first.click()
    expect(page).to_have_url(re.compile(r"actor=Province(%20|\+)110"))
    # a short list keeps Dash's own label
    page.keyboard.press("Escape")
    page.locator("button#filter-themes").click()
    expect(page.locator(".dash-dropdown-action-button").first).to_have_text("Select All")


@pytest.mark.parametrize("size", [{"width": 900, "height": 800}, PHONE])
def test_a_linked_event_opens_in_view_with_focus_on_its_title(
    page: Page, serve_app: Callable[[Path], str], size: dict
) -> None:
    """On a tablet the panel is below the chart and list, which are drawn after the panel
    opens: it must still end up in view (on a phone it is an overlay, the page behind inert)."""
    from timeline.load.loader import load_dataset

    folder = bundled_or_skip()
    event = load_dataset(folder).events.iloc[-3]
    page.set_viewport_size(size)
    page.goto(serve_app(folder) + f"?event={event['id']}")
    expect(page.locator("#details-panel")).to_have_class("details is-open")
    wait_focus(page, "#details-title")
    page.locator(ROWS).first.wait_for(state="attached")
    expect(page.locator("#details-title")).to_be_in_viewport()
    expect(page.locator("#details-title")).to_have_text(str(event["title"]))
    if size == PHONE:
        assert page.evaluate("document.querySelector('.main-column').inert")


def test_a_redrawn_list_keeps_focus_only_on_a_row_of_the_same_event(
    page: Page, serve_app: Callable[[Path], str]
) -> None:
    folder = bundled_or_skip()
    page.goto(serve_app(folder))
    wait_drawn(page)
    rows = page.locator(ROWS)
    last = rows.last
    last_id = last.get_attribute("data-event")
    first_id = rows.first.get_attribute("data-event")
    last.focus()
    # a search that keeps the last event but not the first: the row moves, focus stays on it
    title = page.locator(f'{ROWS}[data-event="{last_id}"] .list-title-text').text_content()
    page.locator("#filter-query").fill(str(title))
    expect(page.locator(f'{ROWS}[data-event="{first_id}"]')).to_have_count(0)
    focus = focused(page)
    assert focus["event"] in (last_id, None)  # moved rows may drop focus, never to another event
    # a search that drops it: its row goes, and focus is on no other event's row
    page.locator(f'{ROWS}[data-event="{last_id}"]').focus()
    page.locator("#filter-query").fill("no such words anywhere")
    expect(page.locator(ROWS)).to_have_count(0)
    assert focused(page)["event"] is None
