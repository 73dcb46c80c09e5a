"""Reports go through one bounded render pool: a few at a time, "Busy" at once beyond that,
pages served meanwhile, nothing made for a visitor who has left, a time limit, and any
``report-format`` value answered without a 500.

No test times anything: a report is held on a :class:`threading.Event`, and each step waits
on events or on answers.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from dash import Dash

from timeline.load.loader import load_dataset
from timeline.report import build
from timeline.web import ids, renders
from timeline.web.app import create_app
from timeline.web.client import Callbacks
from timeline.web.components.export_control import report_job
from timeline.web.renders import Busy, Cancelled, RenderPool, busy_message
from timeline.web.server import create_server, running, serve_options

ENDPOINT = "/_dash-update-component"
HANG_LIMIT = 30.0  # seconds: a guard against a hung wait, not a performance assertion
BENCH = Path(__file__).resolve().parents[1] / "bench" / "load.py"


class HeldReport:
    """``build_report`` replaced by one that holds its first call until released."""

    def __init__(self, real: Callable[..., bytes]) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> bytes:
        with self._lock:
            self.calls += 1
            first = self.calls == 1
        if first:
            self.started.set()
            assert self.release.wait(HANG_LIMIT), "the test never released the report"
        return self.real(*args, **kwargs)


@pytest.fixture
def pool() -> RenderPool:
    """One report at a time."""
    return RenderPool(limit=1)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldReport:
    hold = HeldReport(build.build_report)
    monkeypatch.setattr(build, "build_report", hold)
    return hold


@pytest.fixture
def app(tiny_dataset: Path, pool: RenderPool) -> Dash:
    """An app whose reports go through ``pool``."""
    return create_app(tiny_dataset, watch=False, renders=pool)


def report_body(app: Dash, fmt: Any) -> dict:
    """What the page POSTs on "Download report" with ``fmt`` as the format's value."""
    callbacks = Callbacks.of(app.server.test_client())
    values = {
        f"{ids.REPORT_BUTTON}.n_clicks": 1,
        "url.search": "",
        f"{ids.REPORT_FORMAT}.value": fmt,
    }
    return callbacks.body(
        callbacks.find(f"{ids.REPORT_STATUS}.children"), values, [f"{ids.REPORT_BUTTON}.n_clicks"]
    )


def status_of(answer: dict) -> str:
    return answer["response"][ids.REPORT_STATUS]["children"]


def in_thread(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start ``work`` in a thread; call the result to wait for its value."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(work()), daemon=True)
    thread.start()

    def result() -> Any:
        thread.join(HANG_LIMIT)
        assert box, "no answer within the hang limit"
        return box[0]

    return result


# ---- the pool ------------------------------------------------------------------------------------


def test_a_full_pool_answers_busy_at_once_and_frees_its_slot() -> None:
    pool = RenderPool(limit=1)
    inside, release = threading.Event(), threading.Event()

    def hold() -> str:
        with pool.render():
            inside.set()
            release.wait(HANG_LIMIT)
        return "made"

    first = in_thread(hold)
    assert inside.wait(HANG_LIMIT)
    busy = r"^Busy: 1 report is being made; try again in a moment\.$"
    with pytest.raises(Busy, match=busy), pool.render():
        pytest.fail("a second report started beyond the limit")
    release.set()
    assert first() == "made"
    with pool.render():
        pass
    assert pool.counts == {"started": 2, "busy": 1}


def test_a_report_for_a_visitor_who_has_left_never_starts() -> None:
    pool = RenderPool(limit=1)
    with pytest.raises(Cancelled), pool.render(gone=lambda: True):
        pytest.fail("rendered for a visitor who had left")
    assert pool.counts == {"cancelled": 1}
    with pool.render():  # its slot was given back
        pass


def test_the_busy_message_counts_the_reports() -> None:
    assert busy_message(2) == "Busy: 2 reports are being made; try again in a moment."


def test_the_limit_is_bounded_and_below_the_server_threads() -> None:
    with pytest.raises(ValueError, match="from 1 to 16"):
        RenderPool(limit=0)
    with pytest.raises(ValueError, match="--renders 4 must be less than --threads 4"):
        renders.check_threads(4, 4)
    renders.check_threads(2, 4)
    assert renders.limit_from_env({}) == renders.DEFAULT_RENDERS < 4  # serve's default threads
    assert renders.limit_from_env({"TIMELINE_RENDERS": " 3 "}) == 3
    for bad in ("0", "x", "-1", "17", "2.5"):
        with pytest.raises(ValueError, match="TIMELINE_RENDERS must be a whole number"):
            renders.limit_from_env({"TIMELINE_RENDERS": bad})


# ---- report_job: stages, visitor gone, time limit ------------------------------------------------


def test_a_pdf_is_not_printed_for_a_visitor_who_left_while_its_page_was_made(
    tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    left = threading.Event()
    printed: list[str] = []

    def page(report: Any, **options: Any) -> str:
        left.set()  # the visitor closes the tab while the chart and page are made
        return "<html></html>"

    monkeypatch.setattr(build, "render_chart", lambda *a, **k: None)
    monkeypatch.setattr(build, "render_html", page)
    monkeypatch.setattr(build, "print_pdf", lambda html, **kw: printed.append(html))
    pool = RenderPool(limit=1)
    download, status = report_job(
        load_dataset(tiny_dataset), "", "pdf", gone=left.is_set, pool=pool
    )
    assert download is None and status.startswith("Cancelled")
    assert printed == []
    assert pool.counts == {"started": 1, "cancelled": 1}
    with pool.render():  # its slot was given back
        pass


def test_the_pdf_print_gets_what_is_left_of_the_time_limit(
    tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits: list[float] = []

    def print_pdf(html: str, *, timeout: float) -> bytes:
        limits.append(timeout)
        return b"%PDF-1.4 " + html.encode()

    monkeypatch.setattr(build, "render_chart", lambda *a, **k: None)
    monkeypatch.setattr(build, "print_pdf", print_pdf)
    pool = RenderPool(limit=1, timeout=45)
    download, _ = report_job(load_dataset(tiny_dataset), "", "pdf", pool=pool)
    assert download is not None and base64.b64decode(download["content"]).startswith(b"%PDF")
    assert len(limits) == 1 and 0 < limits[0] <= 45


def test_a_render_that_times_out_says_so_instead_of_failing(
    tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kaleido raises TimeoutError when an image takes longer than its own limit."""

    def stuck(*args: Any, **kwargs: Any) -> bytes:
        raise TimeoutError

    monkeypatch.setattr(build, "build_report", stuck)
    pool = RenderPool(limit=1, timeout=60)
    download, status = report_job(load_dataset(tiny_dataset), "", "html", pool=pool)
    assert download is None
    assert status.startswith("The report took longer than 60 s and was stopped")
    assert pool.counts == {"started": 1, "too long": 1}


# ---- through the app: the callback endpoint ------------------------------------------------------


@pytest.mark.parametrize("fmt", [["md"], ["pdf", "md"], {"md": 1}, 7, None, "exe"])
def test_any_report_format_value_gets_a_report_not_a_500(
    app: Dash, pool: RenderPool, monkeypatch: pytest.MonkeyPatch, fmt: Any
) -> None:
    """The page sends one of the formats' names; a crafted value gets the default, an HTML
    page (a list made the format lookup fail with a 500)."""
    asked: list[str] = []
    monkeypatch.setattr(build, "build_report", lambda *a, fmt, **k: asked.append(fmt) or b"<p>")
    reply = app.server.test_client().post(ENDPOINT, json=report_body(app, fmt))
    assert reply.status_code == 200, reply.get_data(as_text=True)[:300]
    assert status_of(reply.get_json()).startswith("Downloaded report.html")
    assert asked == ["html"]


def test_a_visitor_who_has_left_gets_no_report_made(
    app: Dash, pool: RenderPool, held: HeldReport
) -> None:
    """The callback asks waitress whether the connection is gone (here: it is)."""
    reply = app.server.test_client().post(
        ENDPOINT,
        json=report_body(app, "md"),
        environ_overrides={"waitress.client_disconnected": lambda: True},
    )
    assert reply.status_code == 200
    assert status_of(reply.get_json()).startswith("Cancelled")
    assert held.calls == 0


def test_waitress_keeps_reading_while_a_request_runs() -> None:
    """So it notices a visitor who leaves: it then skips their requests still waiting for a
    thread, and a running report asks ``waitress.client_disconnected``."""
    assert serve_options(4)["channel_request_lookahead"] >= 1


# ---- the real server: a held report, a storm, and pages meanwhile --------------------------------


@pytest.fixture(scope="module")
def load() -> ModuleType:
    """bench/load.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("bench_load_renders", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_a_report_storm_is_answered_busy_while_pages_are_served(
    app: Dash, pool: RenderPool, held: HeldReport, load: ModuleType
) -> None:
    """One report at a time, held; 20 more at once are all told "Busy" without waiting for
    it, a visitor's page loads and filter changes are answered meanwhile, and once the held
    report is done the next one is made."""
    server = create_server(app.server, host="127.0.0.1", port=0, threads=3)
    with running(server) as url:
        link = load.Server(url)
        body = load.report_payload(load.Callbacks(link.get_json("/_dash-dependencies")), "md")
        first = in_thread(lambda: load.post_report(link, body, HANG_LIMIT))
        assert held.started.wait(HANG_LIMIT)
        storm = load.run_report_storm(url, reports=20, fmt="md", timeout=HANG_LIMIT, idle_visits=1)
        assert storm.answers() == {"busy": 20}
        assert all(status == busy_message(1) for _, status in storm.reports)
        assert storm.page and all(t != float("inf") for t in storm.page)  # GET / answered
        assert storm.filter and all(t != float("inf") for t in storm.filter)
        assert not held.release.is_set() and held.calls == 1  # all while the report was held
        held.release.set()
        assert first()[1].startswith("Downloaded report.md")
        assert load.post_report(link, body, HANG_LIMIT)[1].startswith("Downloaded report.md")
    assert held.calls == 2
    assert pool.counts == {"started": 2, "busy": 20}


def test_serve_sets_the_render_limit(tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import waitress

    import timeline.web.app as app_module
    from timeline.cli import main

    made: list[Any] = []

    def create_app_seen(*args: Any, **kwargs: Any) -> Dash:
        made.append(create_app(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(waitress, "serve", lambda app, **kw: None)
    monkeypatch.setattr(app_module, "create_app", create_app_seen)
    result = CliRunner().invoke(main, ["serve", "--data", str(tiny_dataset), "--renders", "3"])
    assert result.exit_code == 0, result.output
    assert made[-1].renders.limit == 3
    result = CliRunner(env={"TIMELINE_RENDERS": "1"}).invoke(
        main, ["serve", "--data", str(tiny_dataset)]
    )
    assert result.exit_code == 0, result.output
    assert made[-1].renders.limit == 1


def test_an_app_takes_its_limit_from_the_environment_unless_given_one(
    tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMELINE_RENDERS", "3")
    assert create_app(tiny_dataset, watch=False).renders.limit == 3
    assert create_app(tiny_dataset, watch=False, renders=RenderPool(1)).renders.limit == 1
    monkeypatch.setenv("TIMELINE_RENDERS", "lots")  # logged, and the default used
    assert create_app(tiny_dataset, watch=False).renders.limit == renders.DEFAULT_RENDERS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--renders", "4"], "error: --renders 4 must be less than --threads 4"),
        (["--renders", "2", "--threads", "2"], "error: --renders 2 must be less than --threads 2"),
        (["--renders", "0"], "Invalid value for '--renders'"),
        (["--renders", "17"], "Invalid value for '--renders'"),
    ],
)
def test_serve_refuses_a_limit_that_leaves_no_thread_for_pages(
    tiny_dataset: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    import waitress

    from timeline.cli import main

    served: list[Any] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: served.append(kw))
    result = CliRunner().invoke(main, ["serve", "--data", str(tiny_dataset), *args])
    assert result.exit_code in (1, 2)
    assert message in result.output and "Traceback" not in result.output
    assert served == []


def test_the_storm_driver_reads_busy_and_made_answers(load: ModuleType) -> None:
    """The benchmark's classification can fail: an error is neither made nor busy."""
    ok = json.dumps({"response": {ids.REPORT_STATUS: {"children": "Downloaded report.md"}}})
    assert load.report_status(200, ok.encode()) == "Downloaded report.md"
    assert load.report_status(500, b"<html>500</html>").startswith("HTTP 500")
    result = load.StormResult(reports=[(0.1, "Downloaded x"), (0.0, "Busy: 2"), (1, "HTTP 500")])
    assert result.answers() == {"made": 1, "busy": 1, "HTTP 500": 1}
