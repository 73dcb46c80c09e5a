"""The project against a naive Dash app, at growing sizes, on this machine, in one run.

    python bench/bench.py                                # 1k, 10k, 100k and 1M events
    python bench/bench.py --sizes 1000,100000            # just these
    python bench/bench.py --naive-limit 10000            # naive baseline only up to 10k

For each size a synthetic dataset is generated with ``timeline.synth`` (cached between runs
under the system temp folder, or ``--cache``). Then, for each app, a fresh child process
(so that its peak RSS is its own) measures the server side, with no browser running (a
closing Chromium's processes slowed the next child's callbacks); after every size and app has
been measured so, another fresh child per app and size times the page in Chromium:

- load: reading and validating the dataset (ours: ``load_dataset``; naive: ``read_csv`` and
  date parsing only) and building the app;
- filter change: server time of the POST the page sends when the actor filter changes
  (``/_dash-update-component`` through Flask's test client, the payload built from the
  server's own ``/_dash-dependencies``), p50 and p95 over repeated calls with varying actors;
- figure: bytes of the figure JSON the browser receives for the unfiltered view;
- browser: time from ``page.goto`` to a drawn chart (traces in the plot) in headless
  Chromium, the app served by waitress on loopback; median of a few fresh pages;
- peak RSS of the server-side child (load, app and filter changes).

Ours also runs ``timeline check`` as a separate command, as a user would. The naive app is
skipped above ``--naive-limit`` (default 100,000): at a million points it does not finish in
reasonable time. It prints measured numbers; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the repository root: this checkout's package

from timeline.export.browser import find_chromium, playwright_launch_args
from timeline.web.client import Callbacks

DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
CALLBACK = "/_dash-update-component"
REPEATS = 30
BROWSER_RUNS = 5
BROWSER_TIMEOUT_MS = 120_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--naive-limit", type=int, default=100_000)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    parser.add_argument("--child", nargs=2, metavar=("APP", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        app, folder = args.child
        part = "server" if args.no_browser else "page"
        print(json.dumps(measure_child(app, Path(folder), part=part)))
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(machine(), flush=True)
    results: dict[int, dict[str, dict[str, Any]]] = {}
    folders = {size: dataset_for(size, args.seed, args.cache) for size in sizes}
    apps = {size: ["ours", *(["naive"] if size <= args.naive_limit else [])] for size in sizes}
    # server-side measures first, with no browser running (a closing Chromium's processes
    # slowed the next child's callbacks by a third); then the pages, each in its own child
    for size, folder in folders.items():
        results[size] = {app: run_child(app, folder, "server") for app in apps[size]}
        results[size]["ours"]["check_s"] = timed_check(folder)
        print(f"measured {size:,} events on the server", file=sys.stderr, flush=True)
    for size, folder in folders.items():
        if args.no_browser:
            break
        for app in apps[size]:
            page = run_child(app, folder, "page")
            for key in ("browser_s", "script_kb", "draws", "error"):
                if key in page:
                    results[size][app][key] = page[key]
        print(f"measured {size:,} events in the browser", file=sys.stderr, flush=True)
    print(table(results, args.naive_limit))


def machine() -> str:
    """One line naming the machine, so a table is never read without it."""
    import psutil

    memory = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores, {memory:.1f} GiB RAM; load average at start {load}"
    )


def dataset_for(size: int, seed: int, cache: Path) -> Path:
    """A synthetic dataset of ``size`` events, generated once and then reused."""
    folder = cache / f"n{size}-seed{seed}"
    if (folder / "events.csv").is_file():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    code = (
        "import sys; from pathlib import Path; from timeline.synth import generate_dataset; "
        "generate_dataset(Path(sys.argv[1]), events=int(sys.argv[2]), seed=int(sys.argv[3]))"
    )
    subprocess.run([sys.executable, "-c", code, str(folder), str(size), str(seed)], check=True)
    return folder


def run_child(app: str, folder: Path, part: str) -> dict[str, Any]:
    """Measure one app on one dataset in a fresh Python process: its ``server`` side (load,
    filter changes, figure, peak RSS) or its ``page`` in Chromium."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", app, str(folder)]
    if part == "server":
        command.append("--no-browser")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_check(folder: Path) -> float:
    """Seconds ``timeline check`` takes on the folder, run as a user runs it."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "timeline", "check", str(folder)],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


# ---- inside the child ----------------------------------------------------------------------


def measure_child(app_name: str, folder: Path, *, part: str) -> dict[str, Any]:
    """``server``: load, build, answer filter changes, report peak RSS; ``page``: load, build,
    then time the page in Chromium."""
    start = time.perf_counter()
    if app_name == "ours":
        app, actors, graph = _ours(folder)
    else:
        app, actors, graph = _naive(folder)
    out: dict[str, Any] = {"load_s": time.perf_counter() - start}
    if part == "page":
        return _browser(app, graph) or {"browser_s": None}
    client = app.server.test_client()
    dependencies = client.get("/_dash-dependencies").get_json()
    callbacks = Callbacks(dependencies)
    bodies = [_payload(app_name, callbacks, graph, actor) for actor in ["", *actors]]
    first = client.post(CALLBACK, data=bodies[0], content_type="application/json")
    figure = first.get_json()["response"][graph]["figure"]
    out["figure_bytes"] = len(json.dumps(figure, separators=(",", ":")))
    times = []
    for i in range(REPEATS + 2):
        body = bodies[1 + i % (len(bodies) - 1)]
        t = time.perf_counter()
        reply = client.post(CALLBACK, data=body, content_type="application/json")
        elapsed = time.perf_counter() - t
        if reply.status_code != 200:
            raise RuntimeError(f"callback answered {reply.status_code}")
        if i >= 2:  # two warm-up calls
            times.append(elapsed)
    times.sort()
    out["filter_p50_ms"] = 1000 * statistics.median(times)
    out["filter_p95_ms"] = 1000 * times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _ours(folder: Path) -> tuple[Any, list[str], str]:
    from timeline.load.loader import load_dataset
    from timeline.web import ids
    from timeline.web.app import create_app

    dataset = load_dataset(folder)
    return create_app(dataset), list(dataset.actors[:6]), ids.GRAPH


def _naive(folder: Path) -> tuple[Any, list[str], str]:
    import plotly.io.json

    # Dash serialises with orjson when it is installed (this project installs it), and orjson
    # is slower than the json module on px.scatter's figure (it falls back to cleaning it
    # first): the naive app runs as a plain ``pip install dash`` runs it, its faster way.
    plotly.io.json.config.default_engine = "json"
    sys.path.insert(0, str(HERE))
    from naive_app import GRAPH, create_naive_app, load_naive

    events = load_naive(folder)
    actors = list(events["actor"].value_counts().index[:6])
    return create_naive_app(events), actors, GRAPH


def _payload(app_name: str, callbacks: Callbacks, graph: str, actor: str) -> bytes:
    """The JSON body the page POSTs when the actor filter changes to ``actor``."""
    from urllib.parse import urlencode

    if app_name == "ours":
        search = "?" + urlencode({"actor": actor}) if actor else ""
        values: dict[str, Any] = {"url.search": search, "view-presets.value": "all"}
        values["viewport.data"] = 1280
        changed = "url.search"
    else:
        values = {"actor.value": actor or None}
        changed = "actor.value"
    return callbacks.payload(f"{graph}.figure", values, [changed])


DRAWN = """(graph) => {
    const gd = document.querySelector('#' + graph + ' .js-plotly-plot');
    if (!gd || !gd._fullData || gd._fullData.length === 0) { return false; }
    return !!(gd.querySelector('.scatterlayer .point') || gd.querySelector('canvas.gl-canvas'));
}"""


def _browser(app: Any, graph: str) -> dict[str, float] | None:
    """Medians over fresh pages (None: no Chromium): seconds from navigation to a drawn
    chart, JavaScript over the wire (as transferred: compressed where the server compresses)
    and how many times the page drew the chart (``Plotly.newPlot``/``react`` calls)."""
    chromium = find_chromium()
    if chromium is None:
        return None
    from bench_page import PROBE
    from playwright.sync_api import sync_playwright

    from timeline.web.server import create_server, running

    seconds: list[float] = []
    script_kb: list[float] = []
    draws: list[int] = []
    # served as `timeline serve` serves it: the production server factory and its settings
    server = create_server(app.server, host="127.0.0.1", port=0, threads=4)
    with running(server) as url, sync_playwright() as p:
        browser = p.chromium.launch(**playwright_launch_args(chromium))
        for _ in range(BROWSER_RUNS):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_init_script(PROBE)
            page = context.new_page()
            scripts: list[Any] = []
            page.on(
                "requestfinished",
                lambda r, s=scripts: s.append(r) if r.resource_type == "script" else None,
            )
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_function(DRAWN, arg=graph, polling="raf", timeout=BROWSER_TIMEOUT_MS)
            seconds.append(time.perf_counter() - start)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)  # late redraws count too
            draws.append(int(page.evaluate("window.__draws.length")))
            script_kb.append(sum(r.sizes()["responseBodySize"] for r in scripts) / 1024)
            context.close()
        browser.close()
    return {
        "browser_s": statistics.median(seconds),
        "script_kb": statistics.median(script_kb),
        "draws": statistics.median(draws),
    }


# ---- the table -----------------------------------------------------------------------------


def table(results: dict[int, dict[str, dict[str, Any]]], naive_limit: int) -> str:
    """A Markdown table: ours, naive and the ratio for every measure, one row per size."""
    columns = [
        ("load_s", "load + validate + app, s", "{:.2f}"),
        ("filter_p50_ms", "filter change p50, ms", "{:.1f}"),
        ("filter_p95_ms", "filter change p95, ms", "{:.1f}"),
        ("figure_bytes", "figure sent, KB", "{:,.0f}"),
        ("browser_s", "navigation to drawn chart, s", "{:.2f}"),
        ("script_kb", "script over the wire, KB", "{:,.0f}"),
        ("draws", "chart draws on load", "{:.0f}"),
        ("peak_rss_mb", "peak RSS, MB", "{:,.0f}"),
    ]
    head = "| events | measure | ours | naive | naive / ours |\n|---:|---|---:|---:|---:|"
    lines = [head]
    for size, by_app in results.items():
        ours, naive = by_app["ours"], by_app.get("naive")
        if "error" in ours:
            lines.append(f"| {size:,} | (ours failed: {ours['error']}) | | | |")
            continue
        lines.append(f"| {size:,} | `timeline check`, s | {ours['check_s']:.2f} | | |")
        for key, label, fmt in columns:
            mine = _scaled(key, ours.get(key))
            cell = fmt.format(mine) if mine is not None else "–"
            if naive is None:
                other, ratio = f"skipped (> {naive_limit:,})", ""
            elif "error" in naive:
                other, ratio = f"failed: {naive['error'][:40]}", ""
            else:
                theirs = _scaled(key, naive.get(key))
                other = fmt.format(theirs) if theirs is not None else "–"
                ratio = f"{theirs / mine:.1f}×" if theirs and mine else ""
            lines.append(f"| {size:,} | {label} | {cell} | {other} | {ratio} |")
    return "\n".join(lines)


def _scaled(key: str, value: Any) -> float | None:
    if value is None:
        return None
    return float(value) / 1024 if key == "figure_bytes" else float(value)


if __name__ == "__main__":
    main()
