"""Regenerate the README's screenshots in headless Chromium (Debian's; no browser download):

- ``docs/screenshot.png``: the app on the bundled dataset, an event's sources open;
- ``docs/review.png``: ``timeline review`` on the draft of the five bundled articles, with
  the draft's proposed group checked and its article shown;
- ``docs/publish.png``: the page ``timeline publish`` writes, embedded in a 680 px article
  column, an event's quotes open.

Run with ``make screenshot``. Each app is served on a free loopback port as ``timeline serve``
serves it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root

from timeline.export.browser import playwright_launch_args, require_chromium
from timeline.load import load_dataset
from timeline.load.bundled import bundled_data
from timeline.web.app import create_app
from timeline.web.server import create_server, running

DOCS = Path(__file__).resolve().parent
EVENT = "2024-06-19-comprehensive-strategic-partnership-treaty"
PUBLISHED_EVENT = "2024-02-putin-gifts-kim-limousine"


def app_screenshot(browser: Browser) -> Path:
    out = DOCS / "screenshot.png"
    app = create_app(load_dataset(bundled_data()))
    with running(create_server(app.server, host="127.0.0.1", port=0)) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}?event={EVENT}")
        page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
        page.wait_for_selector("mark", timeout=30_000)
        page.screenshot(path=str(out), full_page=False)
        page.close()
    return out


def review_screenshot(browser: Browser, work: Path) -> Path:
    from timeline.review.app import create_review_app

    out = DOCS / "review.png"
    draft = work / "draft"
    command = [sys.executable, "-m", "timeline", "draft", str(bundled_data()), "-o", str(draft)]
    subprocess.run(command, check=True, capture_output=True)
    app = create_review_app(draft, token="docs")
    with running(create_server(app.server, host="127.0.0.1", port=0)) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}?token=docs")
        rows = page.locator("#review-candidates input[type=checkbox]")
        rows.first.wait_for(timeout=30_000)
        grouped = page.locator("#review-candidates label", has_text="g1").first
        if grouped.count():
            grouped.click()  # the cursor on the proposed group: its reason and article show
        page.wait_for_selector("#review-article mark", timeout=30_000)
        page.screenshot(path=str(out), full_page=False)
        page.close()
    return out


def publish_screenshot(browser: Browser, work: Path) -> Path:
    out = DOCS / "publish.png"
    published = work / "timeline.html"
    command = [sys.executable, "-m", "timeline", "publish", "-o", str(published)]
    snippet = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    host = work / "article.html"
    host.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>An article</title>"
        "</head><body style='margin:0 auto;max-width:680px;font:17px/1.5 Georgia,serif'>"
        "<h1>Putin in Pyongyang: how we got here</h1><p>An article's text runs above the"
        " embed, which takes the height the timeline page tells it.</p>"
        f"{snippet.split('embed it with:', 1)[1]}</body></html>"
    )
    page = browser.new_page(viewport={"width": 760, "height": 1300})
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator(f'.event-row[data-event="{PUBLISHED_EVENT}"]').click()
    frame.locator("#details mark").first.wait_for(timeout=30_000)
    page.wait_for_function("() => parseInt(document.querySelector('iframe').style.height) > 1200")
    page.evaluate("window.scrollTo(0, 0)")  # the article, the embed's top and its chart
    page.mouse.move(1, 1)  # no hover label over the chart
    page.screenshot(path=str(out), full_page=False)
    page.close()
    return out


def main() -> int:
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(**playwright_launch_args(require_chromium()))
        for made in (
            app_screenshot(browser),
            review_screenshot(browser, Path(tmp)),
            publish_screenshot(browser, Path(tmp)),
        ):
            print(f"wrote {made}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
