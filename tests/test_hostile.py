"""Hostile input: files outside the dataset, slow clients, costly files, half-written edits,
odd hosts and requests. Each test reproduces a finding of the hostile-input review."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.export import ExportError, export
from timeline.load.loader import load_dataset
from timeline.model.problems import DatasetError
from timeline.query.facets import Filters
from timeline.query.view import ViewState

SECRET = "root:x:0:0:secret-line-outside-the-dataset"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the dataset, standing for /etc."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    return folder


def _messages(exc: DatasetError) -> str:
    return exc.report()


# --- files outside the dataset ------------------------------------------------------------


def test_sources_folder_linked_outside_is_refused(tiny_dataset: Path, outside: Path):
    shutil.copy(tiny_dataset / "sources" / "a.txt", outside / "a.txt")
    shutil.copy(tiny_dataset / "sources" / "b.txt", outside / "b.txt")
    shutil.rmtree(tiny_dataset / "sources")
    (tiny_dataset / "sources").symlink_to(outside, target_is_directory=True)
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_dataset)
    report = _messages(caught.value)
    assert "sources/: is a link to a place outside the dataset folder" in report
    result = CliRunner().invoke(main, ["check", str(tiny_dataset)])
    assert result.exit_code == 1
    assert "outside the dataset folder" in result.output


def test_sources_folder_linked_inside_the_dataset_is_fine(tiny_dataset: Path):
    shutil.move(tiny_dataset / "sources", tiny_dataset / "texts")
    (tiny_dataset / "sources").symlink_to(tiny_dataset / "texts", target_is_directory=True)
    assert load_dataset(tiny_dataset).articles


def test_article_linked_outside_is_refused(tiny_dataset: Path, outside: Path):
    (tiny_dataset / "sources" / "a.txt").unlink()
    (tiny_dataset / "sources" / "a.txt").symlink_to(outside / "passwd")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_dataset)
    assert "sources.csv:2: column 'file': value 'a.txt'" in _messages(caught.value)
    assert SECRET not in _messages(caught.value)


def test_table_linked_outside_is_not_read_nor_echoed(tiny_dataset: Path, outside: Path):
    (tiny_dataset / "vocabulary.csv").unlink()
    (tiny_dataset / "vocabulary.csv").symlink_to(outside / "passwd")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_dataset)
    report = _messages(caught.value)
    assert "vocabulary.csv: is a link to a place outside the dataset folder" in report
    assert "secret" not in report
    result = CliRunner().invoke(main, ["check", str(tiny_dataset)])
    assert "secret" not in result.output


def test_dataset_folder_itself_may_be_a_link(tiny_dataset: Path, tmp_path: Path):
    link = tmp_path / "link-to-data"
    link.symlink_to(tiny_dataset, target_is_directory=True)
    assert len(load_dataset(link).events)


# --- export over the data -----------------------------------------------------------------


def test_export_through_a_linked_table_is_refused(tiny_dataset: Path, tmp_path: Path):
    dataset = load_dataset(tiny_dataset)  # then events.csv becomes a link to elsewhere
    real = tmp_path / "real-events.csv"
    shutil.move(tiny_dataset / "events.csv", real)
    (tiny_dataset / "events.csv").symlink_to(real)
    before = real.read_bytes()
    with pytest.raises(ExportError, match="part of the dataset"):
        export(dataset, ViewState(Filters()), real)
    assert real.read_bytes() == before


def test_export_to_a_table_linked_inside_the_dataset_is_refused(tiny_dataset: Path):
    shutil.move(tiny_dataset / "events.csv", tiny_dataset / "events-real.csv")
    (tiny_dataset / "events.csv").symlink_to(tiny_dataset / "events-real.csv")
    before = (tiny_dataset / "events-real.csv").read_bytes()
    result = CliRunner().invoke(
        main,
        ["export", "--data", str(tiny_dataset), "-o", str(tiny_dataset / "events-real.csv")],
    )
    assert result.exit_code == 1, result.output
    assert "part of the dataset" in result.output
    assert (tiny_dataset / "events-real.csv").read_bytes() == before


def test_export_keeps_an_existing_files_mode(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "view.csv"
    out.write_text("old\n")
    out.chmod(0o644)
    export(load_dataset(tiny_dataset), ViewState(Filters()), out)
    assert out.read_text() != "old\n"
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)


def test_export_of_a_new_file_follows_the_umask(tiny_dataset: Path, tmp_path: Path):
    out = tmp_path / "new.csv"
    old = os.umask(0o022)
    try:
        export(load_dataset(tiny_dataset), ViewState(Filters()), out)
    finally:
        os.umask(old)
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)


# --- slow clients, hosts ------------------------------------------------------------------


@pytest.fixture
def served(tiny_dataset: Path):
    """The app behind the production server factory (the serve command's settings and Host
    check) on a free loopback port, two worker threads; stopped, connections and all, after."""
    from timeline.web.app import create_app
    from timeline.web.server import create_server, running

    server = create_server(create_app(tiny_dataset).server, host="127.0.0.1", port=0, threads=2)
    with running(server):
        yield server


@pytest.fixture
def live_server(served) -> int:
    return served.effective_port


def _get(port: int, path: str = "/", host: str = "127.0.0.1", timeout: float = 5.0):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _until(condition, tries: int = 500) -> bool:
    """Whether ``condition()`` becomes true, looked at up to ``tries`` times (10 ms apart)."""
    import time

    for _ in range(tries):
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_150_stalled_connections_do_not_lock_out_a_visitor(served):
    """Far more stalled sockets than worker threads (two), half of them mid-request: all are
    held open by the server, and a visitor is still answered in full. No clock: a server that
    gave each stalled socket a worker, or stopped accepting, would never answer it."""
    import socket

    stalled = 150
    sockets = []
    try:
        for i in range(stalled):
            sock = socket.create_connection(("127.0.0.1", served.effective_port), timeout=30)
            if i % 2:  # half a request, never finished
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sockets.append(sock)
        assert _until(lambda: len(served.active_channels) >= stalled), "not all were accepted"
        status, body = _get(served.effective_port, timeout=60)
        assert status == 200 and b"<html" in body.lower()
        assert len(served.active_channels) >= stalled, "stalled ones were dropped to answer"
    finally:
        for sock in sockets:
            sock.close()


def test_serve_settings_defend_against_stalled_clients():
    from timeline.web.server import serve_options

    options = serve_options(4)
    assert options["connection_limit"] >= 500
    assert options["channel_timeout"] <= 30
    assert options["asyncore_use_poll"] is True


@pytest.mark.parametrize("host", ["evil.example:8050", "attacker.test", "127.0.0.1.evil.test"])
def test_loopback_server_refuses_foreign_host_headers(live_server: int, host: str):
    status, body = _get(live_server, host=host)
    assert status == 403
    assert b"localhost" in body


@pytest.mark.parametrize("host", ["localhost", "localhost:8050", "127.0.0.1:1", "[::1]:8050"])
def test_loopback_server_answers_loopback_host_headers(live_server: int, host: str):
    status, _ = _get(live_server, "/_dash-layout", host=host)
    assert status == 200


def test_host_check_applies_only_on_loopback():
    from timeline.web.server import wsgi_for

    def app(environ, start_response):
        start_response("200 OK", [])
        return [b"ok"]

    assert wsgi_for(app, "0.0.0.0") is app
    assert wsgi_for(app, "127.0.0.1") is not app


@pytest.mark.parametrize("host", ["", "   ", "no-such-host.invalid"])
def test_a_bad_host_is_one_clear_line(tiny_dataset: Path, host: str):
    result = CliRunner().invoke(main, ["serve", "--data", str(tiny_dataset), "--host", host])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: --host"), result.output


# --- cost of bad files --------------------------------------------------------------------


def test_a_header_of_a_million_columns_is_one_error(tiny_dataset: Path, monkeypatch):
    """Found from the header alone: the table is never handed to a CSV parser (the bounded
    work is counted, not timed), and memory stays far below what parsing it would take."""
    import tracemalloc

    from timeline.load import tables

    parsed: list[bytes] = []  # the start of every table handed to a parser

    def seen(head: bytes) -> None:
        if head.startswith(b"c0,c1,"):  # fail at once, rather than after minutes of parsing
            raise AssertionError("the table of a million columns was handed to a parser")
        parsed.append(head)

    read_cells, read_csv = tables.read_cells, tables.pd.read_csv

    def spy_cells(raw, *args, **kwargs):
        seen(bytes(raw[:20]))
        return read_cells(raw, *args, **kwargs)

    def spy_csv(source, *args, **kwargs):
        seen(source.getvalue()[:20] if hasattr(source, "getvalue") else b"?")
        return read_csv(source, *args, **kwargs)

    monkeypatch.setattr(tables, "read_cells", spy_cells)
    monkeypatch.setattr(tables.pd, "read_csv", spy_csv)
    header = ",".join(f"c{i}" for i in range(1_000_000))  # about 7.6 MB
    (tiny_dataset / "events.csv").write_text(header + "\n" + "x," * 10 + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        with pytest.raises(DatasetError) as caught:
            load_dataset(tiny_dataset)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 << 20
    assert parsed, "the other tables were parsed, through the spies"
    (problem,) = [p for p in caught.value.problems if p.file == "events.csv"]
    assert "1000000 columns" in problem.message and problem.line == 1


def _bad_events(n: int) -> str:
    lines = ["id,date,end_date,title,summary,actors,themes,date_basis,note"]
    lines += [f",not-a-date,,,,Nobody{i},nothing,guessed," for i in range(n)]
    return "\n".join(lines) + "\n"


class Work:
    """What loading a dataset works out, counted: problems built, rows located in their
    file, spelling hints, and every function call (Python and C) made meanwhile."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import difflib

        from timeline.load import tables
        from timeline.model.problems import Problem

        self.problems = self.lines = self.hints = self.calls = 0
        init, line, close = Problem.__init__, tables.Table.line, difflib.get_close_matches

        def counted_init(problem, *args, **kwargs):
            self.problems += 1
            init(problem, *args, **kwargs)

        def counted_line(table, row):
            self.lines += 1
            return line(table, row)

        def counted_close(*args, **kwargs):
            self.hints += 1
            return close(*args, **kwargs)

        monkeypatch.setattr(Problem, "__init__", counted_init)
        monkeypatch.setattr(tables.Table, "line", counted_line)
        monkeypatch.setattr(difflib, "get_close_matches", counted_close)

    def load(self, folder: Path) -> DatasetError:
        import sys

        self.problems = self.lines = self.hints = self.calls = 0

        def profile(frame, event, arg):
            if event in ("call", "c_call"):
                self.calls += 1

        sys.setprofile(profile)
        try:
            load_dataset(folder)
        except DatasetError as error:
            return error
        finally:
            sys.setprofile(None)
        raise AssertionError("the bad rows were loaded")


def test_a_hundred_thousand_bad_rows_give_a_capped_report(tiny_dataset: Path, monkeypatch):
    from timeline.load.tables import MAX_PROBLEMS

    (tiny_dataset / "events.csv").write_text(_bad_events(100_000), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tiny_dataset)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) <= MAX_PROBLEMS + 3
    assert "more problem(s) not listed" in lines[-1] or any("not listed" in x for x in lines)
    work = Work(monkeypatch)  # half a million problems; only the listed ones are worked out
    error = work.load(tiny_dataset)
    assert len(error.problems) == MAX_PROBLEMS + 1
    assert work.problems <= MAX_PROBLEMS + 10
    assert work.lines <= MAX_PROBLEMS and work.hints <= MAX_PROBLEMS


def test_validation_work_grows_linearly(tiny_dataset: Path, monkeypatch):
    """Ten times the rows: the same problems, lines and hints worked out (the cap is reached
    either way), and well under a hundred times the function calls (counted, not timed)."""
    work = Work(monkeypatch)

    def cost(n: int) -> tuple[int, int, int, int]:
        (tiny_dataset / "events.csv").write_text(_bad_events(n), encoding="utf-8")
        work.load(tiny_dataset)
        return work.problems, work.lines, work.hints, work.calls

    *small, small_calls = cost(20_000)
    *large, large_calls = cost(200_000)
    assert large == small
    assert large_calls < 25 * small_calls  # 10x the rows: linear, not quadratic


def test_collector_counts_what_it_does_not_list():
    from timeline.load.tables import Collector
    from timeline.model.problems import Problem

    out = Collector(limit=3)
    for i in range(10):
        out.add(Problem("events.csv", "bad", line=i))
    out.skip(5, "warning")
    problems = out.problems
    assert len(problems) == 4
    assert "12 more problem(s) not listed (7 error(s), 5 warning(s))" in problems[-1].message
    assert out.has_errors


# --- article text only when asked -----------------------------------------------------------


@pytest.fixture
def huge_article(make_dataset) -> Path:
    """Article 'a' grown to several MB on one line after the quoted paragraphs."""
    from conftest import ARTICLE_A

    folder = make_dataset()
    filler = "Filler words about nothing in particular. " * 150_000  # about 6.5 MB, one line
    (folder / "sources" / "a.txt").write_text(ARTICLE_A + filler + "\n", encoding="utf-8")
    return folder


def test_details_carry_the_paragraph_not_the_article(huge_article: Path):
    import json

    import plotly

    from timeline.web.components.details import event_details

    dataset = load_dataset(huge_article)
    size = len(json.dumps(event_details(dataset, "summit"), cls=plotly.utils.PlotlyJSONEncoder))
    assert size < 20_000
    assert "Filler" not in json.dumps(
        event_details(dataset, "summit"), cls=plotly.utils.PlotlyJSONEncoder
    )


def test_a_quote_in_a_huge_paragraph_gets_bounded_context(make_dataset):
    from timeline.model.quotes import CONTEXT_CHARS
    from timeline.web.components.details import event_details

    folder = make_dataset()
    text = (folder / "sources" / "b.txt").read_text(encoding="utf-8").replace("\n", " ")
    (folder / "sources" / "b.txt").write_text("x" * 1_000_000 + " " + text + "y" * 1_000_000)
    dataset = load_dataset(folder)
    from dash import html

    quotes = [n for n in _walk(event_details(dataset, "summit")) if isinstance(n, html.Blockquote)]
    assert all(len(str(q.children)) < 4 * CONTEXT_CHARS + 1000 for q in quotes)


def _walk(node):
    yield node
    children = node if isinstance(node, list) else getattr(node, "children", None)
    if isinstance(children, list):
        for child in children:
            yield from _walk(child)
    elif children is not None and not isinstance(children, str):
        yield from _walk(children)


def test_an_opened_long_article_is_one_part_with_a_notice(huge_article: Path):
    from dash import html

    from timeline.web.components.details import PAGE_CHARS, whole_article

    dataset = load_dataset(huge_article)
    excerpt = dataset.excerpts[dataset.excerpts["source_id"] == "a"].iloc[0]
    shown = whole_article(
        dataset.articles["a"], "a", int(excerpt["quote_start"]), int(excerpt["quote_end"])
    )
    text = "".join(str(n) for n in _walk(shown) if isinstance(n, str))
    assert len(text) < PAGE_CHARS + 10_000
    assert "This article is long" in text and "part 1 of" in text
    assert [n for n in _walk(shown) if isinstance(n, html.Mark)]  # the quote stays marked


def test_article_parts_are_served_as_plain_text(huge_article: Path):
    from timeline.web.app import create_app
    from timeline.web.components.details import PAGE_CHARS

    client = create_app(huge_article).server.test_client()
    first = client.get("/article/a?part=1")
    assert first.status_code == 200 and first.mimetype == "text/plain"
    assert len(first.get_data(as_text=True)) == PAGE_CHARS
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    parts = int(first.headers["X-Article-Parts"])
    assert client.get(f"/article/a?part={parts}").status_code == 200
    assert client.get(f"/article/a?part={parts + 1}").status_code == 404
    assert client.get("/article/nope").status_code == 404
    assert client.get("/article/a?part=x").status_code == 404


def test_opening_an_article_fetches_it_through_its_callback(tiny_dataset: Path):
    import json

    from timeline.web.app import create_app

    app = create_app(tiny_dataset)
    output = next(k for k in app.callback_map if '"article-text"' in k)
    key = {"type": "article", "index": 0, "source": "a", "start": 0, "end": 10}
    text_key = dict(key, type="article-text")
    body = {
        "output": output,
        "outputs": {"id": text_key, "property": "children"},
        "inputs": [{"id": key, "property": "n_clicks", "value": 1}],
        "state": [{"id": text_key, "property": "children", "value": []}],
        "changedPropIds": [json.dumps(key, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Ruritania and Freedonia met in 1648" in response.get_data(as_text=True)


# --- half-written files -------------------------------------------------------------------


def test_a_table_being_written_in_chunks_is_not_loaded_half_read(tiny_dataset: Path, monkeypatch):
    """The writer finishes the file while the reader waits for it to settle, as a spreadsheet
    saving in chunks does. The reader's wait is where the writer's second chunk is written
    (no race with a thread, no clock): what was read is counted by the loader."""
    import time
    import types

    from timeline.load import live as live_module
    from timeline.load.live import LiveDataset

    loaded: list[int] = []  # excerpt rows of each dataset the reader loads

    def loader(folder: Path):
        dataset = load_dataset(folder)
        loaded.append(len(dataset.excerpts))
        return dataset

    live = LiveDataset(tiny_dataset, interval=0, settle=0.4, loader=loader)
    (whole,) = loaded  # the complete table, loaded once at the start
    loaded.clear()
    first = live.current()
    excerpts = tiny_dataset / "excerpts.csv"
    lines = excerpts.read_text(encoding="utf-8").splitlines(keepends=True)

    # first chunk: the header and two rows, ending at a row boundary (valid CSV on its own)
    excerpts.write_text("".join(lines[:3]), encoding="utf-8")
    unwritten = ["".join(lines[3:])]
    settles: list[float] = []

    def settle(seconds: float) -> None:  # the reader waits: the writer writes the rest
        settles.append(seconds)
        if unwritten:
            with excerpts.open("a", encoding="utf-8") as handle:
                handle.write(unwritten.pop())

    monkeypatch.setattr(
        live_module, "time", types.SimpleNamespace(sleep=settle, monotonic=time.monotonic)
    )
    served = live.current(check=True)  # looks while the writer is mid-file
    assert settles, "the reader loaded a changed file without waiting for it to settle"
    assert loaded == [], "a half-written table was loaded"
    assert served is first
    again = live.current(check=True)  # once complete, it is loaded, whole
    assert loaded == [whole] and len(again.excerpts) == whole
    assert live.problems == ()


def test_dataset_warnings_are_shown_in_the_page(make_dataset):
    from conftest import EXCERPTS

    from timeline.web.app import create_app

    folder = make_dataset(excerpts=[e for e in EXCERPTS if e["event_id"] != "westphalia"])
    dataset = load_dataset(folder)
    assert dataset.warnings
    layout = create_app(dataset).server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert "dataset-warnings" in layout
    assert "have no excerpt" in layout and "westphalia" in layout


# --- small ones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/dash/../../etc/passwd",
    ],
)
def test_an_unknown_component_suite_path_is_a_quiet_404(tiny_dataset: Path, path: str, caplog):
    import logging

    from timeline.web.app import create_app

    client = create_app(tiny_dataset).server.test_client()
    with caplog.at_level(logging.DEBUG):
        response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in caplog.text and "DependencyException" not in caplog.text
    assert "registered" not in response.get_data(as_text=True)


def test_repeated_search_words_count_once(tiny_dataset: Path, monkeypatch):
    import timeline.query.facets as facets
    from timeline.query.filters import filter_mask

    dataset = load_dataset(tiny_dataset)
    calls: list[object] = []
    real = facets._contains

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(facets, "_contains", counting)
    filter_mask(dataset, Filters(query="a"))
    one = len(calls)
    calls.clear()
    filter_mask(dataset, Filters(query=" ".join(["a"] * 100)))
    assert one > 0
    assert len(calls) <= one
