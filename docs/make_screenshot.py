"""Regenerate docs/screenshot.png: the app on the bundled dataset in headless Chromium.

Run with ``make screenshot``. It serves the app on a free loopback port, opens it in Debian's
Chromium through Playwright (no browser download), selects an event so the provenance panel
shows, and saves the page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root

from timeline.export.browser import playwright_launch_args, require_chromium
from timeline.load import load_dataset
from timeline.load.bundled import bundled_data
from timeline.web.app import create_app
from timeline.web.server import create_server, running

OUT = Path(__file__).resolve().parent / "screenshot.png"
EVENT = "2024-06-19-comprehensive-strategic-partnership-treaty"


def main() -> int:
    app = create_app(load_dataset(bundled_data()))
    with running(create_server(app.server, host="127.0.0.1", port=0)) as base:
        url = f"{base}?event={EVENT}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**playwright_launch_args(require_chromium()))
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
            page.wait_for_selector("mark", timeout=30_000)
            page.screenshot(path=str(OUT), full_page=False)
            browser.close()
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
