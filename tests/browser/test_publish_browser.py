"""The published page in Chromium, opened from file:// as a reader or an embedding article
would: whole at phone and column widths, quotes on a click, no request leaving the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_access_browser import axe_violations
from timeline.cli import main

pytestmark = pytest.mark.browser

# every CSP violation the page meets, recorded from its first script on
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def publish(folder: Path | None, out: Path, *args: str) -> str:
    data = ["--data", str(folder)] if folder else []
    result = CliRunner().invoke(main, ["publish", *data, *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result.output.split("embed it with:\n", 1)[1]


def watch(page: Page) -> list[str]:
    """The URL of every request the page makes, from now on."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.add_init_script(WATCH_CSP)
    return seen


def fits(frame) -> None:  # type: ignore[no-untyped-def]
    """Nothing sticks out sideways: no horizontal scroll, the chart inside the frame."""
    width, client, chart_right = frame.evaluate(
        """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                  document.querySelector('#chart .main-svg').getBoundingClientRect().right]"""
    )
    assert width <= client and chart_right <= client, (width, client, chart_right)


def test_a_phone_reads_the_quotes_of_an_event_with_no_request_out(
    page: Page, tmp_path: Path, screenshot
):
    out = tmp_path / "page.html"
    publish(None, out)
    page.set_viewport_size({"width": 390, "height": 844})
    requests = watch(page)
    page.goto(out.as_uri())
    page.wait_for_selector("#chart .main-svg")
    fits(page)
    expect(page.locator("#chart .main-svg").first).to_be_visible()
    row = page.locator(".event-row", has_text="limousine").first
    row.click()
    expect(page.locator("#details h2")).to_contain_text("limousine")
    marks = page.locator("#details mark")
    expect(marks.first).to_be_visible()
    quote = marks.first.inner_text()
    assert len(quote) > 20 and quote in page.locator("#details blockquote").first.inner_text()
    assert "event=" in page.url  # the open event is in the fragment
    # its [n] leads to the source, and from there back to the quote
    cite = page.locator("#details .cite-number").first
    cite.click()
    expect(page.locator(".source-list li:focus")).to_have_count(1)
    page.locator(".source-list .back").click()
    expect(cite).to_be_focused()
    screenshot("publish-phone")
    assert requests == [out.as_uri()]
    assert page.evaluate("window.__csp") == []


def test_an_embed_in_a_680_px_column_takes_its_height_and_shows_the_chart_whole(
    page: Page, tmp_path: Path, screenshot
):
    out = tmp_path / "timeline.html"
    snippet = publish(None, out)
    host = tmp_path / "article.html"
    host.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>An article</title>"
        "</head><body style='margin:0 auto;max-width:680px'><h1>An article</h1>"
        f"<p>Before the embed.</p>{snippet}<p>After the embed.</p></body></html>"
    )
    page.set_viewport_size({"width": 1000, "height": 900})
    requests = watch(page)
    page.goto(host.as_uri())
    # the page tells its height: the iframe grows from its first 900 px to the whole page
    page.wait_for_function("() => parseInt(document.querySelector('iframe').style.height) > 1200")
    frame = page.frame_locator("iframe")
    inner = page.frames[1]
    inner.wait_for_selector("#chart .main-svg")
    fits(inner)
    frame.locator(".event-row").first.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    frame.locator(".event-row").first.click()
    expect(frame.locator("#details mark").first).to_be_visible()
    # in an embed the sources open under their row: the article does not jump to a panel
    assert inner.evaluate("document.querySelector('.event-list li #details') !== null")
    assert abs(page.evaluate("window.scrollY") - before) < 900
    height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    assert height >= inner.evaluate("document.documentElement.scrollHeight") - 2
    screenshot("publish-embed")
    assert set(requests) == {host.as_uri(), out.as_uri()}


def test_filters_fade_the_chart_narrow_the_list_and_live_in_the_fragment(
    page: Page, tiny_dataset: Path, tmp_path: Path
):
    out = tmp_path / "page.html"
    publish(tiny_dataset, out)
    page.goto(out.as_uri())
    page.wait_for_selector("#chart .main-svg")
    expect(page.locator("#count")).to_have_text("3 events")
    page.locator("summary", has_text="Themes").click()
    page.get_by_label("trade").check()
    expect(page.locator("#count")).to_contain_text("1 of 3 events match")
    expect(page.locator(".event-list li:not([hidden])")).to_have_count(1)
    assert "theme=trade" in page.url
    faded = page.evaluate(
        """() => document.getElementById('chart').data
            .filter((t) => Array.isArray(t.selectedpoints)).map((t) => t.selectedpoints.length)"""
    )
    assert faded and sum(faded) < 3 * 3  # some points are left unselected (faded)
    page.get_by_label("Words").fill("summit friendship")
    expect(page.locator("#count")).to_contain_text("0 of 3 events match")
    # a link with the fragment opens the same view, with its event open
    page.goto(out.as_uri() + "#actor=League&event=summit")
    expect(page.locator("#count")).to_contain_text("1 of 3 events match")
    expect(page.locator("#details h2")).to_have_text("Friendship renewed")
    expect(page.get_by_label("League")).to_be_checked()
    # the skip link goes to the list and keeps the view; Escape closes the open event
    page.locator(".skip").focus()  # the first stop of Tab from the top of the page
    page.keyboard.press("Enter")
    expect(page.locator("#events")).to_be_focused()
    expect(page.locator("#count")).to_contain_text("1 of 3 events match")
    assert "actor=League" in page.url and "event=summit" in page.url
    page.keyboard.press("Escape")
    expect(page.locator("#details .hint")).to_be_visible()
    # an open event outside the filters stays in the list, said to be outside them
    page.goto(out.as_uri() + "#actor=League&event=westphalia")
    page.reload()
    expect(page.locator('.event-list li[data-row="0"]')).to_be_visible()
    expect(page.locator("#details h2")).to_contain_text("Westphalia")


def test_a_click_on_a_dot_opens_its_event(page: Page, tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "page.html"
    publish(tiny_dataset, out)
    page.goto(out.as_uri())
    page.wait_for_selector("#chart .main-svg .scatterlayer .point")
    # the day-precision dot of the summit (the one exact date of the three)
    dot = page.evaluate(
        """() => { const gd = document.getElementById('chart');
            const i = gd.data.findIndex((t) => t.name === 'exact day');
            return i; }"""
    )
    assert dot >= 0
    point = page.locator(".scatterlayer .trace").nth(dot).locator(".point").first
    point.click(force=True)
    expect(page.locator("#details h2")).to_have_text("Friendship renewed")
    assert "event=summit" in page.url


def test_markup_in_the_data_never_runs(page: Page, make_dataset, tmp_path: Path):
    from conftest import EVENTS

    hostile = '<img src=x onerror="window.__ran=1"><script>window.__ran=2</script>'
    events = [dict(EVENTS[0], title=f"Treaty {hostile}", summary=hostile), *EVENTS[1:]]
    out = tmp_path / "page.html"
    publish(make_dataset(events=events), out)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(out.as_uri())
    page.wait_for_selector("#chart .main-svg")
    page.locator(".event-row").first.click()
    expect(page.locator("#details h2")).to_have_text(f"Treaty {hostile}")
    assert page.evaluate("window.__ran") is None and not dialogs


def test_axe_finds_no_serious_violation_with_an_event_open(browser: Browser, tmp_path: Path):
    out = tmp_path / "page.html"
    publish(None, out)
    # axe is put into the page by the test: the page's own CSP would rightly refuse it
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(out.as_uri())
        page.wait_for_selector("#chart .main-svg")
        page.locator(".event-row").nth(3).click()
        page.locator("summary", has_text="Actors").click()
        assert axe_violations(page) == []
        page.set_viewport_size({"width": 390, "height": 844})
        assert axe_violations(page) == []
    finally:
        context.close()
