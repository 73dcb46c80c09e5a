"""The issue's effort measure: a reviewer, played in Chromium, takes the draft of the five
bundled articles to a dataset whose June 2024 visit cites all five articles and whose 1961,
2000 and 2001 treaties are separate events, counting every key press, click and selection.

The path is worked out from the bundled dataset, not written down: the draft's candidates that
quote the visit's sentences (or are dated to it) are merged, the articles still missing are
cited by selecting the reference sentence, and the treaties' candidates are accepted. It uses
the proposed groups only through what the draft writes, so it measures the draft of the day.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_until_idle
from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VISIT = "2024-06-18-putin-state-visit-north-korea"
TREATIES = (
    "1961-soviet-dprk-treaty",
    "2000-russia-dprk-friendship-treaty",
    "2001-moscow-declaration",
)
ROWS = "#review-candidates input[type=checkbox]"
SELECT = """(quote) => {
    const box = document.querySelector('#review-article');
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    const nodes = []; let text = '';
    while (walker.nextNode()) {
        nodes.push([walker.currentNode, text.length]);
        text += walker.currentNode.data;
    }
    const at = text.indexOf(quote);
    if (at < 0) return false;
    const place = (offset) => { for (let i = nodes.length - 1; i >= 0; i--)
        if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]]; };
    const range = document.createRange();
    range.setStart(...place(at)); range.setEnd(...place(at + quote.length));
    const selection = window.getSelection();
    selection.removeAllRanges(); selection.addRange(range);
    return true;
}"""


class Reviewer:
    """The page, and a count of what the reviewer did to it."""

    def __init__(self, page: Page) -> None:
        self.page, self.actions = page, 0

    def press(self, key: str) -> None:
        self.actions += 1
        self.page.keyboard.press(key)
        wait_until_idle(self.page)

    def click(self, selector: str, **kwargs: object) -> None:
        self.actions += 1
        self.page.locator(selector, **kwargs).first.click()
        wait_until_idle(self.page)

    def go_to(self, event_id: str) -> None:
        # the list marks its cursor a frame after it is redrawn: wait for the mark
        expect(self.page.locator("label.review-cursor input")).to_have_count(1)
        rows = self.page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.value)")
        cursor = "(document.querySelector('label.review-cursor input') || {}).value"
        here = rows.index(self.page.evaluate(cursor))
        step = "j" if rows.index(event_id) > here else "k"
        for _ in range(abs(rows.index(event_id) - here)):
            self.press(step)

    def cite(self, source_id: str, quote: str) -> None:
        self.click("#review-article-pick")
        self.click(".dash-dropdown-option", has_text=source_id)
        self.actions += 1  # selecting the passage: one drag of the mouse
        assert self.page.evaluate(SELECT, quote), f"{quote!r} not shown in {source_id}"
        self.click("#review-add-excerpt")


def overlaps(reference, draft, event_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The draft's candidates quoting a sentence of the reference event ``event_id``."""
    wanted = reference.excerpts[reference.excerpts["event_id"] == event_id]
    found = []
    for row in draft.excerpts.itertuples():
        for ref in wanted.itertuples():
            if (
                row.source_id == ref.source_id
                and row.quote_start < ref.quote_end
                and (ref.quote_start < row.quote_end)
            ):
                found.append(row.event_id)
    return list(dict.fromkeys(found))


def test_from_draft_to_dataset_in_under_60_actions(page: Page, tmp_path: Path) -> None:
    from timeline.review.app import create_review_app
    from timeline.web.server import create_server, running

    draft_dir = tmp_path / "draft"
    subprocess.run(
        [sys.executable, "-m", "timeline", "draft", str(bundled_data()), "-o", str(draft_dir)],
        check=True, capture_output=True,
    )  # fmt: skip
    reference, draft = load_dataset(bundled_data()), load_dataset(draft_dir)
    visit = overlaps(reference, draft, VISIT) or list(
        draft.events.loc[draft.events["date"] == "2024-06-18", "id"]
    )
    treaties = [overlaps(reference, draft, t) for t in TREATIES]
    dated = {
        t: [i for i in ids if i.startswith(t[:4])]
        for t, ids in zip(TREATIES, treaties, strict=True)
    }
    app = create_review_app(draft_dir, token="t")
    reviewer = Reviewer(page)
    with running(create_server(app.server, host="127.0.0.1", port=0)) as base:
        page.goto(f"{base}?token=t")
        expect(page.locator(ROWS).first).to_be_focused()
        wait_until_idle(page)
        for event_id in visit:
            reviewer.go_to(event_id)
            reviewer.press("x")
        keep = visit[-1]
        if len(visit) > 1:
            reviewer.press("m")
        cited = set(app.store.dataset.excerpts.loc[
            app.store.dataset.excerpts["event_id"] == keep, "source_id"])  # fmt: skip
        wanted = reference.excerpts[reference.excerpts["event_id"] == VISIT]
        for source_id, quote in wanted.groupby("source_id")["quote"].first().items():
            if source_id not in cited:
                reviewer.cite(str(source_id), str(quote))
        reviewer.go_to(keep)
        reviewer.press("a")
        for ids in dated.values():
            assert ids, "the draft has no candidate for a treaty"
            reviewer.go_to(ids[0])
            reviewer.press("a")
        reviewer.click("#review-finish")
        expect(page.locator("#review-message")).to_contain_text("Wrote")
    finished = load_dataset(tmp_path / "draft-reviewed")
    events = finished.events.set_index("id")
    assert events.loc[keep, "n_sources"] == 5
    assert events.loc[keep, "date"].startswith("2024-06")
    treaty_dates = sorted(events.loc[[i[0] for i in dated.values()], "date"])
    assert treaty_dates == ["1961", "2000", "2001"]  # three events, not one
    print(f"\nvisit candidates merged: {visit}")
    print(f"\nreview effort: {reviewer.actions} key presses, clicks and selections")
    assert reviewer.actions < 60
