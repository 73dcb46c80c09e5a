"""Concurrent filter changes against the app's server: latency percentiles and throughput.

    python bench/load.py                          # starts the app on the bundled dataset
    python bench/load.py --data path/to/dataset   # ... on another dataset
    python bench/load.py --url http://127.0.0.1:8050/ --clients 8 --requests 200

Each client thread keeps one HTTP/1.1 connection and POSTs the request the page sends when
the URL changes (the render-view callback: figure, count and event list), each time with
another mix of actors, themes, search words and dates. The payload is built from the server's
own ``/_dash-dependencies`` and ``/_dash-layout``, so it is what the browser would send. It
prints measured numbers; it asserts nothing (``tests/test_load.py`` does).
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from timeline.web.client import Callbacks

CALLBACK = "/_dash-update-component"
GRAPH_FIGURE = "timeline-graph.figure"  # the render-view callback's first output
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


def dropdown_options(layout: Any, component_id: str) -> list[str]:
    """The option values of a dropdown in the ``/_dash-layout`` tree."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and props.get("id") == component_id:
                return [o["value"] if isinstance(o, dict) else o for o in props.get("options", [])]
            stack.extend(node.values())
    return []


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
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
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


@contextmanager
def serve(data: Path, threads: int = 4) -> Iterator[str]:
    """The app on ``data`` behind the server ``timeline serve`` runs (the production factory:
    waitress with its settings and Host check) on a free loopback port, in a background
    thread; yields its base URL. Answers in progress are finished before it stops."""
    from timeline.web.app import create_app
    from timeline.web.server import create_server, running

    server = create_server(create_app(data).server, host="127.0.0.1", port=0, threads=threads)
    with running(server) as url:
        yield url


def machine() -> str:
    """Where the numbers were measured."""
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one on --data)")
    parser.add_argument("--data", type=Path, help="dataset folder (default: the bundled one)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="per client")
    parser.add_argument("--threads", type=int, default=4, help="waitress threads (own server)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" under load
    options = {"clients": args.clients, "requests": args.requests, "seed": args.seed}
    print(machine())
    if args.url:
        result = run_load(args.url, **options)
    else:
        from timeline.load.bundled import bundled_data

        with serve(args.data or bundled_data(), threads=args.threads) as url:
            print(f"serving {args.data or 'the bundled dataset'} at {url} ({args.threads} threads)")
            result = run_load(url, **options)
    print(result.summary())
    for error in result.errors[:10]:
        print("error:", error)


if __name__ == "__main__":
    main()
