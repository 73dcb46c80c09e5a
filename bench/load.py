"""Concurrent filter changes against the app's server: latency percentiles and throughput;
then, with ``--reports``, a storm of "Download report" clicks while a visitor browses.

    python bench/load.py                          # starts the app on the bundled dataset
    python bench/load.py --data path/to/dataset   # ... on another dataset
    python bench/load.py --url http://127.0.0.1:8050/ --clients 8 --requests 200
    python bench/load.py --reports 20 --report-format pdf --walk-away 12

Each client thread keeps one HTTP/1.1 connection and POSTs the request the page sends when
the URL changes (the render-view callback: figure, count and event list), each time with
another mix of actors, themes, search words and dates. The payload is built from the server's
own ``/_dash-dependencies`` and ``/_dash-layout``, so it is what the browser would send.

The report storm POSTs ``--reports`` report callbacks at once (as the page does on "Download
report") while one visitor loads ``GET /`` and changes a filter, one after the other: it
prints their latencies against the same visitor's on the idle server (the baseline, measured
first), what the reports were answered, and the server's browser processes and their memory
at peak. ``--walk-away`` sends that many reports whose visitors close the connection after
``--leave-after`` seconds, and prints how long the server's browsers kept working after they
left. Browser processes are sampled under this process (own server) or ``--pid``.
It prints measured numbers; it asserts nothing (``tests/test_load.py`` and
``tests/test_renders.py`` do).
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import platform
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from timeline.web.client import Callbacks

CALLBACK = "/_dash-update-component"
GRAPH_FIGURE = "timeline-graph.figure"  # the render-view callback's first output
REPORT = "report-status"  # the report callback's status line
JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
WORDS = ("", "", "", "treaty", "visit", "summit", "sanctions", "north korea", "moscow")
YEARS = ("", "", "1961", "1991", "2000", "2014", "2022", "2024", "2024-06", "2024-06-19")


@dataclass
class LoadResult:
    """What a run measured: one latency per answered request, and every failure."""

    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    clients: int = 0

    @property
    def answered(self) -> int:
        return len(self.latencies)

    def percentile(self, q: float) -> float:
        """The q-th percentile latency in ms (nearest rank)."""
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    def summary(self) -> str:
        rate = self.answered / self.wall if self.wall else 0.0
        return (
            f"{self.answered} responses, {len(self.errors)} errors from {self.clients} clients "
            f"in {self.wall:.1f} s: p50 {self.percentile(50):.0f} ms, "
            f"p99 {self.percentile(99):.0f} ms, max {max(self.latencies) * 1000:.0f} ms, "
            f"{rate:.0f} requests/s"
        )


class Server:
    """A base URL split for ``http.client`` (host, port, path prefix)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"expected an http:// URL, got {url!r}")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.prefix = parts.path.rstrip("/")

    def connect(self, timeout: float) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get_json(self, path: str, timeout: float = 30) -> Any:
        connection = self.connect(timeout)
        try:
            connection.request("GET", self.prefix + path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"GET {path}: HTTP {response.status}")
            return json.loads(body)
        finally:
            connection.close()


def render_payload(callbacks: Callbacks, search: str, viewport: int = 1280) -> bytes:
    """The JSON body the page POSTs when its URL's query string becomes ``search``."""
    values = {"url.search": search, "view-presets.value": "all", "viewport.data": viewport}
    return callbacks.payload(GRAPH_FIGURE, values, ["url.search"])


def component_props(layout: Any, component_id: str) -> dict[str, Any]:
    """The properties of a component in the ``/_dash-layout`` tree ({} when absent)."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and props.get("id") == component_id:
                return props
            stack.extend(node.values())
    return {}


def dropdown_options(layout: Any, component_id: str) -> list[str]:
    """The option values of a dropdown in the ``/_dash-layout`` tree."""
    options = component_props(layout, component_id).get("options", [])
    return [o["value"] if isinstance(o, dict) else o for o in options]


def searches(actors: list[str], themes: list[str], n: int, seed: int) -> list[str]:
    """``n`` query strings mixing 0-2 actors, 0-1 theme, a search word and a date range."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pairs = [
            ("actor", a) for a in rng.sample(actors, k=min(len(actors), rng.choice((0, 1, 2))))
        ]
        if themes and rng.random() < 0.4:
            pairs.append(("theme", rng.choice(themes)))
        for name, value in (("q", rng.choice(WORDS)), ("from", rng.choice(YEARS))):
            if value:
                pairs.append((name, value))
        if rng.random() < 0.3:
            pairs.append(("to", rng.choice(YEARS[2:])))  # may precede "from": the app says so
        if rng.random() < 0.2:
            pairs.append(("axis", "linear"))
        if rng.random() < 0.2:
            pairs.append(("group", "theme"))
        out.append("?" + urlencode(pairs) if pairs else "")
    return out


def has_figure(body: bytes) -> bool:
    """The reply carries a figure with traces (the render-view callback answered in full)."""
    try:
        figure = json.loads(body)["response"]["timeline-graph"]["figure"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(figure, dict) and isinstance(figure.get("data"), list)


def _client(
    server: Server, bodies: list[bytes], timeout: float, result: LoadResult, lock: threading.Lock
) -> None:
    """One user: POST each body in turn on a kept-alive connection, timing each answer."""
    connection = server.connect(timeout)
    headers = JSON_HEADERS
    try:
        for body in bodies:
            started = time.perf_counter()
            try:
                connection.request("POST", server.prefix + CALLBACK, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    result.errors.append(f"{type(exc).__name__}: {exc}")
                connection.close()
                connection = server.connect(timeout)
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if response.status == 200 and has_figure(data):
                    result.latencies.append(elapsed)
                else:
                    result.errors.append(f"HTTP {response.status}: {data[:120]!r}")
    finally:
        connection.close()


def run_load(
    url: str, *, clients: int = 8, requests: int = 200, timeout: float = 30, seed: int = 0
) -> LoadResult:
    """``clients`` threads, each sending ``requests`` filter changes; every answer counted."""
    server = Server(url)
    callbacks = Callbacks(server.get_json("/_dash-dependencies"))
    layout = server.get_json("/_dash-layout")
    actors = dropdown_options(layout, "filter-actors")
    themes = dropdown_options(layout, "filter-themes")
    plans = [
        [render_payload(callbacks, s) for s in searches(actors, themes, requests, seed + i)]
        for i in range(clients)
    ]
    result, lock = LoadResult(clients=clients), threading.Lock()
    threads = [
        threading.Thread(target=_client, args=(server, plan, timeout, result, lock), daemon=True)
        for plan in plans
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    deadline = started + timeout * requests  # each request is bounded by its own timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    result.wall = time.perf_counter() - started
    alive = sum(thread.is_alive() for thread in threads)
    if alive:
        result.errors.append(f"{alive} clients still running at the deadline")
    return result


# ---- report storm -------------------------------------------------------------------------


def report_payload(callbacks: Callbacks, fmt: str, search: str = "") -> bytes:
    """The JSON body the page POSTs on "Download report" with ``fmt`` chosen."""
    values = {"report-button.n_clicks": 1, "url.search": search, "report-format.value": fmt}
    return callbacks.payload(f"{REPORT}.children", values, ["report-button.n_clicks"])


def report_status(status: int, body: bytes) -> str:
    """The report status line the page would show, or what went wrong instead."""
    try:
        return str(json.loads(body)["response"][REPORT]["children"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {status}: {body[:120]!r}"


def post_report(server: Server, body: bytes, timeout: float) -> tuple[float, str]:
    """One "Download report" click on its own connection: (seconds, status line)."""
    started = time.perf_counter()
    connection = server.connect(timeout)
    try:
        connection.request("POST", server.prefix + CALLBACK, body=body, headers=JSON_HEADERS)
        response = connection.getresponse()
        status = report_status(response.status, response.read())
    except (OSError, http.client.HTTPException) as exc:
        status = f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
    return time.perf_counter() - started, status


@dataclass
class Browsers:
    """Browser processes under ``pid``, sampled: how many and their memory at peak, and when
    the last one was seen."""

    pid: int
    peak: int = 0
    peak_rss_mb: float = 0.0
    last_seen: float = 0.0

    def sample(self) -> int:
        import psutil

        try:
            children = psutil.Process(self.pid).children(recursive=True)
        except psutil.Error:
            return 0
        found, rss = 0, 0
        for child in children:
            try:
                if "chrom" in child.name().lower() or "headless" in child.name().lower():
                    found += 1
                    rss += child.memory_info().rss
            except psutil.Error:
                continue
        self.peak, self.peak_rss_mb = max(self.peak, found), max(self.peak_rss_mb, rss / 2**20)
        if found:
            self.last_seen = time.perf_counter()
        return found

    @contextmanager
    def watching(self, every: float = 0.1) -> Iterator[Browsers]:
        """Sample in a background thread while the block runs."""
        done = threading.Event()

        def loop() -> None:
            while not done.wait(every):
                self.sample()

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            done.set()
            thread.join()


@dataclass
class StormResult:
    """A report storm: each report's answer, and a visitor's latencies before and during it."""

    reports: list[tuple[float, str]] = field(default_factory=list)
    page_idle: list[float] = field(default_factory=list)  # GET /, before the storm
    filter_idle: list[float] = field(default_factory=list)  # a filter change, before
    page: list[float] = field(default_factory=list)  # GET /, during the storm
    filter: list[float] = field(default_factory=list)  # a filter change, during
    wall: float = 0.0
    browsers: Browsers | None = None

    def answers(self) -> Counter[str]:
        """How the reports were answered: made, busy, or another status (its first words)."""
        kinds: Counter[str] = Counter()
        for _, status in self.reports:
            if status.startswith("Downloaded"):
                kinds["made"] += 1
            elif status.startswith("Busy"):
                kinds["busy"] += 1
            else:
                kinds[status[:70]] += 1
        return kinds

    def summary(self) -> str:
        def ms(xs: list[float]) -> str:
            if not xs:
                return "none answered"
            ordered = sorted(xs)
            return f"p50 {ordered[len(xs) // 2] * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"

        def ratio(during: list[float], idle: list[float]) -> str:
            if not during or not idle:
                return "n/a"
            return f"{max(during) / (sorted(idle)[len(idle) // 2]):.1f}x"

        made = [t for t, s in self.reports if s.startswith("Downloaded")]
        busy = [t for t, s in self.reports if s.startswith("Busy")]
        lines = [
            f"{len(self.reports)} report requests in {self.wall:.1f} s: "
            + ", ".join(f"{n} {kind}" for kind, n in self.answers().most_common()),
            f"  made: {ms(made)}; busy answered in: {ms(busy)}",
            f"  GET / idle: {ms(self.page_idle)}; during: {ms(self.page)} "
            f"({len(self.page)} loads; max/idle p50 {ratio(self.page, self.page_idle)})",
            f"  filter change idle: {ms(self.filter_idle)}; during: {ms(self.filter)} "
            f"({len(self.filter)} changes; max/idle p50 {ratio(self.filter, self.filter_idle)})",
        ]
        if self.browsers is not None:
            lines.append(
                f"  browser processes at peak: {self.browsers.peak}, "
                f"{self.browsers.peak_rss_mb:,.0f} MB resident (sum)"
            )
        return "\n".join(lines)


def _visit(server: Server, body: bytes, timeout: float) -> tuple[float, float]:
    """A visitor: load the page, then change a filter; the seconds each took (inf: failed)."""
    times = []
    for method, path, payload in (("GET", "/", None), ("POST", CALLBACK, body)):
        started = time.perf_counter()
        connection = server.connect(timeout)
        try:
            connection.request(method, server.prefix + path, body=payload, headers=JSON_HEADERS)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
        finally:
            connection.close()
        times.append(time.perf_counter() - started if ok else float("inf"))
    return times[0], times[1]


def run_report_storm(
    url: str,
    *,
    reports: int = 20,
    fmt: str = "pdf",
    timeout: float = 300,
    pid: int | None = None,
    idle_visits: int = 5,
) -> StormResult:
    """``reports`` report requests at once while one visitor loads the page and changes a
    filter over and over (at least once); each visitor step on the idle server first."""
    server = Server(url)
    callbacks = Callbacks(server.get_json("/_dash-dependencies"))
    filters = [render_payload(callbacks, s) for s in ("", "?q=summit", "?from=2000", "?to=1999")]
    result = StormResult(browsers=Browsers(pid or os.getpid()))
    for k in range(idle_visits):
        page, change = _visit(server, filters[k % len(filters)], timeout)
        result.page_idle.append(page)
        result.filter_idle.append(change)
    body, lock = report_payload(callbacks, fmt), threading.Lock()
    start = threading.Barrier(reports + 1)

    def one() -> None:
        start.wait()
        answer = post_report(server, body, timeout)
        with lock:
            result.reports.append(answer)

    threads = [threading.Thread(target=one, daemon=True) for _ in range(reports)]
    assert result.browsers is not None
    with result.browsers.watching():
        for thread in threads:
            thread.start()
        start.wait()
        started = time.perf_counter()
        k = 0
        while k == 0 or any(thread.is_alive() for thread in threads):
            page, change = _visit(server, filters[k % len(filters)], timeout)
            result.page.append(page)
            result.filter.append(change)
            k += 1
        for thread in threads:
            thread.join()
        result.wall = time.perf_counter() - started
    return result


def run_walk_away(
    url: str,
    *,
    reports: int = 12,
    fmt: str = "pdf",
    leave_after: float = 2.0,
    pid: int | None = None,
) -> str:
    """``reports`` report requests whose visitors close the connection after ``leave_after``
    seconds: how long the server's browsers kept working after the last one left."""
    server = Server(url)
    body = report_payload(Callbacks(server.get_json("/_dash-dependencies")), fmt)
    browsers = Browsers(pid or os.getpid())
    left = []
    with browsers.watching():
        threads = [
            threading.Thread(target=lambda: left.append(post_report(server, body, leave_after)))
            for _ in range(reports)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        gone = time.perf_counter()
        while browsers.sample() or time.perf_counter() - gone < 1.0:
            time.sleep(0.1)  # a benchmark may wait: until no browser has run for a second
    answered = sum(not s.startswith("TimeoutError") for _, s in left)
    after = max(0.0, browsers.last_seen - gone)
    return (
        f"{reports} report requests left after {leave_after:g} s ({answered} answered before): "
        f"browsers worked {after:.1f} s after the last visitor left "
        f"(peak {browsers.peak} processes, {browsers.peak_rss_mb:,.0f} MB)"
    )


@contextmanager
def serve(data: Path, threads: int = 4, renders: int | None = None) -> Iterator[str]:
    """The app on ``data`` behind the server ``timeline serve`` runs (the production factory:
    waitress with its settings and Host check) on a free loopback port, in a background
    thread; yields its base URL. Answers in progress are finished before it stops.
    ``renders`` bounds its reports at a time, as ``timeline serve --renders`` does (default:
    ``TIMELINE_RENDERS``, else 2); the pool's counts are in :data:`SERVED`."""
    from timeline.web.app import create_app
    from timeline.web.renders import RenderPool, check_threads
    from timeline.web.server import create_server, running

    pool = None
    if renders is not None:
        check_threads(renders, threads)
        pool = RenderPool(renders)
    app = create_app(data, renders=pool)
    SERVED["renders"] = app.renders
    server = create_server(app.server, host="127.0.0.1", port=0, threads=threads)
    with running(server) as url:
        yield url


SERVED: dict[str, Any] = {}  # the app's render pool, for the counts printed at the end


def machine() -> str:
    """Where the numbers were measured."""
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one on --data)")
    parser.add_argument("--data", type=Path, help="dataset folder (default: the bundled one)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="per client (0: none)")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads (own server)")
    parser.add_argument("--renders", type=int, help="reports at once (own server; default 2)")
    parser.add_argument("--reports", type=int, default=0, help="report storm: requests at once")
    parser.add_argument("--report-format", default="pdf", choices=("html", "docx", "md", "pdf"))
    parser.add_argument("--walk-away", type=int, default=0, help="reports whose visitors leave")
    parser.add_argument("--leave-after", type=float, default=2.0, help="seconds (walk-away)")
    parser.add_argument("--pid", type=int, help="the --url server's process (browser sampling)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" under load
    print(machine())
    if args.url:
        run_all(args.url, args, pid=args.pid)
        return
    from timeline.load.bundled import bundled_data

    with serve(args.data or bundled_data(), threads=args.threads, renders=args.renders) as url:
        limit = SERVED["renders"].limit
        print(
            f"serving {args.data or 'the bundled dataset'} at {url} ({args.threads} threads, "
            f"{limit} reports at a time)"
        )
        run_all(url, args, pid=None)
        print(f"render pool: {dict(SERVED['renders'].counts)}")


def run_all(url: str, args: argparse.Namespace, pid: int | None) -> None:
    """The filter load, then the report storm and the walk-away, as asked."""
    if args.requests:
        options = {"clients": args.clients, "requests": args.requests, "seed": args.seed}
        result = run_load(url, **options)
        print(result.summary())
        for error in result.errors[:10]:
            print("error:", error)
    if args.reports:
        storm = run_report_storm(url, reports=args.reports, fmt=args.report_format, pid=pid)
        print(f"report storm ({args.report_format}): {storm.summary()}")
    if args.walk_away:
        walk = run_walk_away(
            url,
            reports=args.walk_away,
            fmt=args.report_format,
            leave_after=args.leave_after,
            pid=pid,
        )
        print(f"walk-away ({args.report_format}): {walk}")


if __name__ == "__main__":
    main()
