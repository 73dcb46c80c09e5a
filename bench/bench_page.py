"""Page load in headless Chromium: this app against the naive one, on the bundled data.

    python bench/bench_page.py               # 7 fresh pages per app
    python bench/bench_page.py --runs 3 --data path/to/dataset

Both apps are served by waitress on loopback, in this process. Each run opens a fresh
browser context (empty cache) and measures, in the page:

- chart: milliseconds from navigation start to the first moment the graph's SVG holds
  drawn points (``.main-svg`` with a ``.scatterlayer .point``);
- script KB: JavaScript bytes over the wire (as transferred: compressed when the server
  compresses), and whether Dash's own plotly.js bundle was fetched;
- draws: calls to ``Plotly.newPlot``/``Plotly.react`` in the page until it is idle.

Medians over ``--runs``. It prints measured numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # this checkout's package
sys.path.insert(0, str(HERE))

from naive_app import create_naive_app, load_naive
from playwright.sync_api import sync_playwright

from timeline.export.browser import playwright_launch_args, require_chromium
from timeline.load.bundled import bundled_data
from timeline.web.app import create_app
from timeline.web.server import create_server, running

# Counts draws and stamps the first drawn chart, whichever script defines window.Plotly.
PROBE = """(() => {
    window.__draws = [];
    let plotly;
    const wrap = (lib, name) => {
        const original = lib[name];
        if (typeof original !== 'function' || original.__probed) { return; }
        lib[name] = function (...args) {
            window.__draws.push([name, performance.now()]);
            return original.apply(this, args);
        };
        lib[name].__probed = true;
    };
    Object.defineProperty(window, 'Plotly', {
        configurable: true,
        get() { return plotly; },
        set(value) { plotly = value; if (value) { wrap(value, 'newPlot'); wrap(value, 'react'); } },
    });
    const drawn = () => document.querySelector('.js-plotly-plot .main-svg .scatterlayer .point');
    const poll = () => {
        if (drawn()) { window.__chartAt = performance.now(); } else { requestAnimationFrame(poll); }
    };
    requestAnimationFrame(poll);
})();"""
IDLE_MS = 1500  # after the chart, wait this long without network for late redraws


def serve(stack: ExitStack, app: Any) -> str:
    """Serve ``app`` as `timeline serve` does (the production server factory), until
    ``stack`` closes; its base URL."""
    return stack.enter_context(running(create_server(app.server, host="127.0.0.1", port=0)))


def measure(browser: Any, url: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(PROBE)
    page = context.new_page()
    scripts: list[Any] = []
    page.on("requestfinished", lambda r: scripts.append(r) if r.resource_type == "script" else None)
    page.goto(url)
    page.wait_for_function("() => window.__chartAt !== undefined", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(IDLE_MS)
    chart_ms = page.evaluate("window.__chartAt")
    draws = page.evaluate("window.__draws.length")
    wire = sum(r.sizes()["responseBodySize"] for r in scripts)
    dash_plotly = any("package_data/plotly" in r.url for r in scripts)
    context.close()
    return {"chart_ms": chart_ms, "script_kb": wire / 1024, "draws": draws, "plotly": dash_plotly}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, default=bundled_data())
    args = parser.parse_args()
    apps = {"timeline": create_app(args.data, watch=False)}
    apps["naive"] = create_naive_app(load_naive(args.data))
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in apps}
    with ExitStack() as stack:
        servers = {name: serve(stack, app) for name, app in apps.items()}
        with sync_playwright() as p:
            browser = p.chromium.launch(**playwright_launch_args(require_chromium()))
            for url in servers.values():
                measure(browser, url)  # warm the server (first-request work), not counted
            for _ in range(args.runs):  # interleaved, so machine load hits both alike
                for name, url in servers.items():
                    results[name].append(measure(browser, url))
            browser.close()
    print(f"{args.data.name}: median of {args.runs} fresh pages in headless Chromium")
    print(f"{'app':<10}{'chart ms':>10}{'script KB':>11}{'draws':>7}  Dash's plotly.js fetched")
    medians = {}
    for name, runs in results.items():
        chart = statistics.median(r["chart_ms"] for r in runs)
        medians[name] = chart
        kb = statistics.median(r["script_kb"] for r in runs)
        draws = statistics.median(r["draws"] for r in runs)
        fetched = "yes" if any(r["plotly"] for r in runs) else "no"
        print(f"{name:<10}{chart:10.0f}{kb:11.0f}{draws:7.0f}  {fetched}")
    print(f"chart drawn {medians['naive'] / medians['timeline']:.2f}x sooner than naive")


if __name__ == "__main__":
    main()
