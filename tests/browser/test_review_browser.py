"""`timeline review` in a real Chromium: the keyboard path through a draft (move, accept,
check, merge, undo, redo), the edit form, an excerpt added by selecting text in the article,
and Finish writing a dataset that loads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_until_idle
from tests.review.conftest import write_draft
from timeline.load.loader import load_dataset

pytestmark = pytest.mark.browser

ROWS = "#review-candidates input[type=checkbox]"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    return write_draft(tmp_path / "draft")


@pytest.fixture
def review_page(page: Page, draft: Path) -> Iterator[Page]:
    """The review page of the small draft, opened with its token, nothing yet done."""
    from timeline.review.app import create_review_app
    from timeline.web.server import create_server, running

    app = create_review_app(draft, token="secret-token")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with running(create_server(app.server, host="127.0.0.1", port=0)) as base:
        page.goto(f"{base}?token=secret-token")
        expect(page.locator(ROWS)).to_have_count(4)
        wait_until_idle(page)
        yield page
    assert not dialogs  # markup in a title is shown, never run


def row_values(page: Page) -> list[str]:
    return page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.value)")


def focused_row(page: Page) -> str:
    return page.evaluate("document.activeElement.value")


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)
    wait_until_idle(page)


def test_the_keyboard_reviews_merges_and_undoes(review_page: Page, draft: Path) -> None:
    page = review_page
    expect(
        page.get_by_text("<script>alert(1)</script> treaty of 2000", exact=False)
    ).to_be_visible()
    assert focused_row(page) == "e1"
    press(page, "j")
    assert focused_row(page) == "e2"
    expect(page.locator("#review-title")).to_have_value("The summit opened")
    press(page, "k")
    press(page, "a")  # accept e1; the cursor moves on to the next candidate
    expect(page.locator("#review-counts")).to_contain_text("1 accepted")
    assert focused_row(page) == "e2"
    press(page, "k")
    press(page, "x")
    # ticking a row redraws its label: the cursor stays marked on it all the same
    expect(page.locator("label.review-cursor input")).to_have_value("e1")
    press(page, "j")
    press(page, "x")
    expect(page.locator(f"{ROWS}:checked")).to_have_count(2)
    expect(page.locator("label.review-cursor input")).to_have_value("e2")
    press(page, "m")  # merge e1 and e2: one event citing both articles
    expect(page.locator(ROWS)).to_have_count(3)
    dataset = load_dataset(draft)
    assert dataset.events.set_index("id").loc["e2", "n_sources"] == 2
    press(page, "u")
    expect(page.locator(ROWS)).to_have_count(4)
    press(page, "U")
    expect(page.locator(ROWS)).to_have_count(3)
    # the one accepted event, drawn in the lane of each of its two actors
    expect(page.locator("#review-chart .scatterlayer .points path.point")).to_have_count(2)
    assert focused_row(page) == "e2"  # the merged event kept the id under the cursor
    press(page, "j")
    press(page, "r")
    expect(page.locator("#review-counts")).to_contain_text("1 rejected")
    assert "e3" not in set(load_dataset(draft).events["id"])


def test_edit_add_an_excerpt_and_finish(review_page: Page, draft: Path, tmp_path: Path) -> None:
    page = review_page
    press(page, "e")
    page.fill("#review-title", "Leaders meet")
    page.fill("#review-new-themes", "summits")
    page.click("#review-save")
    wait_until_idle(page)
    expect(page.locator("#review-message")).to_contain_text("Done: edit")
    event = load_dataset(draft).events.set_index("id").loc["e1"]
    assert event["title"] == "Leaders meet" and "summits" in event["themes"]
    # select a sentence of the article shown, as a reader would with the mouse
    page.evaluate(
        """() => {
            const p = [...document.querySelectorAll('#review-article p')]
                .find(e => e.textContent.includes('partnership'));
            const range = document.createRange();
            range.selectNodeContents(p);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    page.click("#review-add-excerpt")
    wait_until_idle(page)
    expect(page.locator("#review-excerpt-list li")).to_have_count(2)
    expect(page.locator("#review-article mark")).to_have_count(2)
    quotes = set(load_dataset(draft).excerpts["quote"])
    assert "They signed a <b>partnership</b> treaty." in quotes
    press(page, "a")
    out = tmp_path / "published"
    page.fill("#review-finish-path", str(out))
    page.click("#review-finish")
    wait_until_idle(page)
    expect(page.locator("#review-message")).to_contain_text("Wrote")
    finished = load_dataset(out)
    assert list(finished.events["id"]) == ["e1"] and finished.events["n_excerpts"].iloc[0] == 2


def test_moving_on_keeps_what_was_typed_and_moving_alone_writes_nothing(
    review_page: Page, draft: Path
) -> None:
    page = review_page
    log = draft / "review-log.jsonl"
    logged = len(log.read_text().splitlines()) if log.exists() else 0
    for key in ("j", "j", "k", "k"):  # moving without typing changes nothing
        press(page, key)
    assert (len(log.read_text().splitlines()) if log.exists() else 0) == logged
    expect(page.locator("#review-message")).not_to_contain_text("Saved")
    first = focused_row(page)
    press(page, "e")
    page.fill("#review-title", "Typed, never saved")
    page.locator("#review-candidates input[type=checkbox]").nth(2).focus()  # move on
    wait_until_idle(page)
    expect(page.locator("#review-message")).to_contain_text(f"Saved your edits to {first}")
    assert load_dataset(draft).events.set_index("id").loc[first, "title"] == "Typed, never saved"
    assert page.input_value("#review-title") != "Typed, never saved"  # the new one's form


def test_axe_finds_no_serious_violation(review_page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    from tests.browser.test_access_browser import axe_violations

    screenshot("review")
    found = axe_violations(review_page)
    # The one known: axe takes the text inside a multi-choice dropdown ("RussiaNorth Korea2
    # selected": Dash sets the chosen names side by side as boxes, with no text between
    # them) for its label, and no sensible name contains that run. What a screen reader
    # hears is Chrome's name (below): the label ("Actors"), the count and the names apart.
    known = {("label-content-name-mismatch", "#review-actors")}
    assert [v for v in found if (v["id"], *v["nodes"]) not in known] == []
    cdp = review_page.context.new_cdp_session(review_page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#review-actors"})
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"]})
    name = tree["nodes"][0]["name"]["value"]
    shown = review_page.eval_on_selector_all(
        "#review-actors .dash-dropdown-value-item", "items => items.map(i => i.textContent)"
    )
    label, rest = name.split(" ", 1)  # the label as drawn (the page's CSS sets it in capitals)
    assert label.lower() == "actors" and len(shown) > 1
    assert rest == f"{len(shown)} selected {', '.join(shown)}"


def test_merge_the_proposed_group_then_split_it(review_page: Page, draft: Path) -> None:
    page = review_page
    expect(page.locator("#review-group-info")).to_contain_text("same day, same actors")
    press(page, "g")  # e1 and e2 are proposed as one event
    expect(page.locator(ROWS)).to_have_count(3)
    expect(page.locator("#review-excerpt-list li")).to_have_count(2)
    page.click("#review-excerpts")
    page.locator(".dash-dropdown-option", has_text="summit opened").click()
    page.keyboard.press("Escape")
    page.click("#review-split")
    wait_until_idle(page)
    expect(page.locator(ROWS)).to_have_count(4)
    assert "e1-2" in row_values(page)
    excerpts = load_dataset(draft).excerpts.set_index("event_id")
    assert excerpts.loc["e1-2", "source_id"] == "a2" and excerpts.loc["e1", "source_id"] == "a1"
