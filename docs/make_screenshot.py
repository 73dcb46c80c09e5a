"""Regenerate docs/screenshot.png: the app on the bundled dataset in headless Chromium.

Run with ``make screenshot``. It serves the app on a free loopback port, opens it in Debian's
Chromium through Playwright (no browser download), selects an event so the provenance panel
shows, and saves the page.
"""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from waitress.server import create_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root

from timeline.export.browser import playwright_launch_args, require_chromium
from timeline.load import load_dataset
from timeline.load.bundled import bundled_data
from timeline.web.app import create_app

OUT = Path(__file__).resolve().parent / "screenshot.png"
EVENT = "2024-06-19-comprehensive-strategic-partnership-treaty"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    app = create_app(load_dataset(bundled_data()))
    server = create_server(app.server, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}/?event={EVENT}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**playwright_launch_args(require_chromium()))
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=30_000)
            page.wait_for_selector("mark", timeout=30_000)
            page.screenshot(path=str(OUT), full_page=False)
            browser.close()
    finally:
        server.close()
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
