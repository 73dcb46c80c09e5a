"""Renderers are offline, and what `check` accepts renders.

Every Chromium a renderer starts (Kaleido's for charts, the PDF printer's) sends every request
to a dead end: a proxy at port 0 of the loopback address, where nothing can listen. So the
tests watch two places with loopback listeners that record each connection:

- the proxy the environment names (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, lower case too),
  which a browser without the dead end uses: nothing may reach it;
- the dead end itself, moved onto a listener, which shows what a browser attempts: the
  pages ask for nothing (no MathJax, no plotly.js from a CDN), and a request a page does
  make, to another machine or to a loopback port, goes there and nowhere else.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
from conftest import ARTICLE_A, ARTICLE_B, EVENTS, EXCERPTS, SOURCES, VOCABULARY
from docx import Document
from lxml import etree
from test_text_rule import ALLOWED

from timeline.export import ImageSize, export, render_static
from timeline.export import browser as browser_module
from timeline.load.loader import load_dataset
from timeline.query.view import ViewState
from timeline.report import chromium_pdf
from timeline.report.build import write_report

pytestmark = pytest.mark.chromium
MakeDataset = Callable[..., Path]
MARK = "MARK"
SMALL = ImageSize(800, 500, 1)
# documentation addresses (RFC 5737): never routed anywhere
ELSEWHERE = "198.51.100.7"


class Recorder:
    """A loopback TCP listener that records the first line each connection sends, and
    answers 502 at once, so a browser waiting for the answer fails fast."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.lines: list[str | None] = []  # None: accepted, its first line not read yet
        self.changed = threading.Condition()
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            conn, _ = self.server.accept()
            if self.stopping:
                conn.close()
                return
            with self.changed:
                self.lines.append(None)
                slot = len(self.lines) - 1
            threading.Thread(target=self._read, args=(conn, slot), daemon=True).start()

    def _read(self, conn: socket.socket, slot: int) -> None:
        with conn:
            conn.settimeout(30)
            try:
                data = conn.recv(4096)
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                data = b""
        with self.changed:
            self.lines[slot] = data.split(b"\r\n")[0].decode("latin-1") or "(nothing sent)"
            self.changed.notify_all()

    def seen(self) -> list[str]:
        """Every connection made so far: a marker connection is made, and the answer waits
        until it and every connection accepted before it are read (a connection the browser
        left open unused is read as closed once the browser has exited)."""
        with socket.create_connection(("127.0.0.1", self.port)) as marker:
            marker.sendall(f"{MARK}\r\n".encode())

            def settled() -> bool:
                return MARK in self.lines and None not in self.lines[: self.lines.index(MARK)]

            with self.changed:
                assert self.changed.wait_for(settled, timeout=60)
                at = self.lines.index(MARK)
                lines, self.lines = self.lines[:at], self.lines[at + 1 :]
        return [line for line in lines if line is not None]

    def close(self) -> None:
        """Stop accepting: a last connection wakes the waiting ``accept``."""
        self.stopping = True
        socket.create_connection(("127.0.0.1", self.port)).close()
        self.thread.join()
        self.server.close()


@contextlib.contextmanager
def recorder() -> Iterator[Recorder]:
    listener = Recorder()
    try:
        yield listener
    finally:
        listener.close()


@pytest.fixture
def env_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """The environment's proxy, every spelling of it, is a listener."""
    with recorder() as listener:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            monkeypatch.setenv(name, listener.url)
            monkeypatch.setenv(name.lower(), listener.url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield listener


@pytest.fixture
def dead_end(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """The renderers' dead end, moved onto a listener to see what is attempted."""
    with recorder() as listener:
        monkeypatch.setattr(browser_module, "DEAD_END_PROXY", listener.url, raising=False)
        yield listener


CDN = ("cdnjs.cloudflare.com", "cdn.plot.ly", "mathjax", "cdn.jsdelivr.net", "unpkg.com")


def test_exports_and_reports_make_no_outside_request(
    tiny_dataset: Path, tmp_path: Path, env_proxy: Recorder, dead_end: Recorder
):
    """Reproduction: Kaleido loaded MathJax from a CDN for every chart, and both Kaleido's
    Chromium and the PDF printer called Google (network time, updates, account lists),
    all through the environment's proxy."""
    dataset = load_dataset(tiny_dataset)
    export(dataset, ViewState(), tmp_path / "chart.png", size=SMALL)
    write_report(dataset, ViewState(), tmp_path / "report.pdf")
    assert env_proxy.seen() == []
    attempted = dead_end.seen()
    assert not [line for line in attempted if any(host in line for host in CDN)]


def test_a_request_a_page_makes_ends_at_the_dead_end(
    tmp_path: Path, env_proxy: Recorder, dead_end: Recorder
):
    """Whatever a rendered page asks for, of another machine or of a port on this one, goes
    to the dead end, never to the network, the environment's proxy or a local service."""
    with recorder() as local_service:
        html = (
            f'<p>text</p><img src="http://{ELSEWHERE}/pixel.png">'
            f'<img src="{local_service.url}/pixel.png">'
        )
        assert chromium_pdf.print_pdf(f"<!doctype html><html><body>{html}</body></html>")
        fig = go.Figure(layout={"images": [{"source": f"http://{ELSEWHERE}/logo.png"}]})
        fig.add_layout_image(source=f"{local_service.url}/logo.png")
        assert render_static(fig, "png", SMALL).startswith(b"\x89PNG")
        assert local_service.seen() == []
    assert env_proxy.seen() == []
    attempted = dead_end.seen()
    # the printer's page, then Kaleido's (whose browser may refuse a loopback image itself,
    # before any connection: either way, the local service saw nothing)
    assert f"GET http://{ELSEWHERE}/pixel.png HTTP/1.1" in attempted
    assert f"GET {local_service.url}/pixel.png HTTP/1.1" in attempted
    assert f"GET http://{ELSEWHERE}/logo.png HTTP/1.1" in attempted


def test_the_dead_end_accepts_nothing():
    """Port 0 is where no program can listen: a connection there is refused on this machine."""
    host, port = browser_module.DEAD_END_PROXY.removeprefix("http://").rsplit(":", 1)
    assert (host, port) == ("127.0.0.1", "0")
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=10).close()


def test_every_renderer_starts_with_the_offline_flags(monkeypatch: pytest.MonkeyPatch):
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "get_cli", lambda self: ["chromium", "--kaleido-own-flag"])
    offline = browser_module.offline_chromium()
    cli = offline.get_cli(offline.__new__(offline))
    assert cli == ["chromium", "--kaleido-own-flag", *browser_module.offline_args()]
    flags = browser_module.offline_args()
    assert f"--proxy-server={browser_module.DEAD_END_PROXY}" in flags
    assert "--proxy-bypass-list=<-loopback>" in flags
    options = browser_module.kaleido_options(Path("/usr/bin/chromium"))
    assert options["mathjax"] is False and Path(options["plotlyjs"]).is_file()
    launch = browser_module.playwright_launch_args(Path("/usr/bin/chromium"))
    assert f"--proxy-server={browser_module.DEAD_END_PROXY}" in launch["args"]


# --- what check accepts renders ----------------------------------------------------------------

TRICKY = " ".join(ALLOWED.values())


def tricky_dataset(make_dataset: MakeDataset) -> Path:
    """Every tricky-but-allowed character in every kind of text a render shows."""
    events = [dict(e) for e in EVENTS]
    events[1].update(title=f"Rail {TRICKY}", summary=f"Goods\t{TRICKY}\nmoved.")
    sources = [dict(s) for s in SOURCES]
    sources[1].update(title=f"[Rail {TRICKY}]", outlet=f"Gazette {TRICKY}", author=TRICKY)
    vocabulary = [dict(v) for v in VOCABULARY]
    vocabulary[0].update(description=TRICKY)
    root = make_dataset(
        events=events,
        sources=sources,
        vocabulary=vocabulary,
        excerpts=[*EXCERPTS, {"event_id": "rail", "source_id": "b", "quote": TRICKY}],
        articles={"a.txt": ARTICLE_A, "b.txt": f"{ARTICLE_B}The envoy wrote: {TRICKY}.\n"},
    )
    metadata = {"title": f"Tricky {TRICKY}", "description": f"About\n{TRICKY}"}
    metadata |= {"author": TRICKY, "license": TRICKY}
    (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    return root


def test_tricky_but_allowed_text_renders_in_every_output(make_dataset: MakeDataset, tmp_path: Path):
    root = tricky_dataset(make_dataset)
    dataset = load_dataset(root)  # check accepts it
    assert TRICKY in dataset.events["title"].iloc[1]
    view = ViewState()
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    export(dataset, view, png, size=SMALL)
    export(dataset, view, svg, size=SMALL)
    assert png.read_bytes().startswith(b"\x89PNG")
    etree.fromstring(svg.read_bytes())  # well-formed XML: nothing in it an SVG cannot hold
    write_report(dataset, view, tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    for fmt in ("html", "md", "docx"):
        write_report(dataset, view, tmp_path / f"report.{fmt}", chart=False)
    # reports fold white space (U+2028, no-break spaces) and escape markup as their format
    # needs; every other character is there as written
    words = [w for name, v in ALLOWED.items() if name != "markup characters" for w in v.split()]
    document = "\n".join(p.text for p in Document(str(tmp_path / "report.docx")).paragraphs)
    for text in (
        document,
        (tmp_path / "report.md").read_text(encoding="utf-8"),
        (tmp_path / "report.html").read_text(encoding="utf-8"),
    ):
        assert [w for w in words if w not in text] == []
    assert " ".join(TRICKY.split()) in document
