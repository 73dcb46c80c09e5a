"""``timeline serve`` on a dataset, measured as a visitor meets it: ready, first view, filter
changes through the real callback endpoint, and the server's peak memory.

    python bench/bench_serve.py --data big                        # a pack, on DuckDB
    python bench/bench_serve.py --data big --engine memory        # the same pack loaded whole
    python bench/bench_serve.py --data big1m --baseline memory    # both, and their ratio
    python bench/bench_serve.py --data big --runs 3               # the spread over 3 runs

The server is the real command (``python -m timeline serve``) in a process of its own:
*ready* is from its start to its first answered ``GET /``; *first view* is ``GET
/_dash-layout`` as the page's script asks for it (the view drawn into the layout, for a
1280 px window); each *filter change* is the two requests the page makes when a control
changes, the sync callback (controls to address) then the view callback (figure, count and
list), each with another view (no answer is cached), timed together. Peak RSS is the
server's VmHWM. It prints measured numbers and, with ``--baseline``, their ratios; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load import Server, component_props, dropdown_options  # bench/load.py, beside this script

from timeline.web.client import Callbacks

WIDTH = 1280
VERBOSE = "-v" in sys.argv  # each filter change's time and count
READY_TIMEOUT_S = 600


@dataclass
class Measured:
    engine: str
    ready: float = 0.0
    first_view: float = 0.0
    count: str = ""
    changes: list[tuple[str, float]] = field(default_factory=list)
    peak_mb: float = 0.0

    def p(self, q: float) -> float:
        ordered = sorted(t for _, t in self.changes)
        return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _post(url: str, body: bytes) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=READY_TIMEOUT_S) as answer:
        return json.loads(answer.read())


def changes(actors: list[str], themes: list[str]) -> list[tuple[str, dict[str, Any]]]:
    """Filter changes a visitor makes, as control values, each view asked once."""
    steps: list[tuple[str, dict[str, Any]]] = []
    for i, actor in enumerate(actors[:6]):
        steps.append((f"actor {actor}", {"filter-actors.value": [actor]}))
        theme = themes[i % len(themes)]
        steps.append(
            (f"{actor} + {theme}", {"filter-actors.value": [actor], "filter-themes.value": [theme]})
        )
    for year in ("1990", "2005", "2019"):
        steps.append((f"from {year}", {"filter-from.value": year}))
        steps.append((f"{year} only", {"filter-from.value": year, "filter-to.value": year}))
        month = f"{year}-03"
        steps.append((f"{month} only", {"filter-from.value": month, "filter-to.value": month}))
    steps.append(("by theme", {"view-group.value": "theme"}))
    return steps


def run(data: Path, engine: str) -> Measured:
    port = _free_port()
    command = [sys.executable, "-m", "timeline", "serve", "--data", str(data), "--port", str(port)]
    command += ["--engine", engine]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    measured = Measured(engine)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"serve exited {process.returncode}: {process.stderr.read()}")
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as answer:
                    answer.read()
                break
            except OSError:
                if time.perf_counter() - started > READY_TIMEOUT_S:
                    raise
                time.sleep(0.05)  # polling for the port: the answer, not the delay, ends it
        measured.ready = time.perf_counter() - started
        t = time.perf_counter()
        request = urllib.request.Request(
            base + "/_dash-layout", headers={"X-Timeline-Viewport": str(WIDTH)}
        )
        with urllib.request.urlopen(request, timeout=READY_TIMEOUT_S) as answer:
            layout = json.loads(answer.read())
        measured.first_view = time.perf_counter() - t
        measured.count = str(component_props(layout, "event-count").get("children"))
        callbacks = Callbacks(Server(base).get_json("/_dash-dependencies"))
        actors = dropdown_options(layout, "filter-actors")
        themes = dropdown_options(layout, "filter-themes")
        sync = callbacks.find("notices.children")
        view = callbacks.find("timeline-graph.figure")
        for label, values in changes(actors, themes):
            t = time.perf_counter()
            body = Callbacks.body(sync, {"url.search": "", **values}, [next(iter(values))])
            answer = _post(base + "/_dash-update-component", json.dumps(body).encode())
            search = answer["response"]["url"]["search"]
            body = Callbacks.body(view, {"url.search": search, "viewport.data": WIDTH})
            shown = _post(base + "/_dash-update-component", json.dumps(body).encode())
            measured.changes.append((label, time.perf_counter() - t))
            count = shown["response"]["event-count"]["children"]
            if VERBOSE:
                print(f"  {engine}: {label:<28} {measured.changes[-1][1]:6.2f} s  {count}")
        measured.peak_mb = _peak_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return measured


def report(m: Measured) -> None:
    times = [t for _, t in m.changes]
    print(
        f"{m.engine}: ready {m.ready:.2f} s, first view {m.first_view:.2f} s ({m.count}); "
        f"{len(times)} filter changes: p50 {m.p(50):.2f} s, p90 {m.p(90):.2f} s, "
        f"max {max(times):.2f} s, mean {statistics.mean(times):.2f} s; "
        f"peak RSS {m.peak_mb:,.0f} MB"
    )


def spread(values: list[float], unit: str = "s") -> str:
    """The median of the runs, and the fastest–slowest."""
    middle = statistics.median(values)
    return f"{middle:.2f} {unit} ({min(values):.2f}–{max(values):.2f})"


def summarise(runs: list[Measured]) -> None:
    if len(runs) < 2:
        return
    print(
        f"{runs[0].engine} over {len(runs)} runs (median, fastest–slowest): "
        f"ready {spread([m.ready for m in runs])}, "
        f"first view {spread([m.first_view for m in runs])}, "
        f"filter change p50 {spread([m.p(50) for m in runs])}, "
        f"p90 {spread([m.p(90) for m in runs])}, "
        f"peak RSS {max(m.peak_mb for m in runs):,.0f} MB at most"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="A dataset folder or a pack.")
    parser.add_argument("--engine", default="duckdb", help="duckdb (default), memory, spark…")
    parser.add_argument("--baseline", default=None, help="Another engine to run and compare.")
    parser.add_argument("--runs", type=int, default=1, help="Whole runs of each (a new server).")
    parser.add_argument("-v", action="store_true", help="Print each filter change.")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; {args.data}")
    measured = [run(args.data, args.engine) for _ in range(args.runs)]
    for m in measured:
        report(m)
    summarise(measured)
    if args.baseline:
        base = [run(args.data, args.baseline) for _ in range(args.runs)]
        for m in base:
            report(m)
        summarise(base)

        def ratio(key: str) -> float:
            of = statistics.median
            return of([getattr(m, key) for m in base]) / of([getattr(m, key) for m in measured])

        print(
            f"{args.engine} vs {args.baseline} (medians): ready {ratio('ready'):.1f}x faster, "
            f"first view {ratio('first_view'):.1f}x, peak RSS {ratio('peak_mb'):.1f}x smaller"
        )


if __name__ == "__main__":
    main()
