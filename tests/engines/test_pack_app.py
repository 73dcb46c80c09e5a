"""The app served from a pack opened where it lies: every view few enough to draw one by one
is what the same pack loaded whole draws (figure, count, list, details), a denser one is the
engine's density with the same numbers, and an engine that fails is said on the page while
the next request is answered as usual."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import write_synth_pack
from tests.engines.conftest import view_requests
from timeline.chart.options import ChartLimits
from timeline.cli import main
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.query.engine import EngineFailed
from timeline.query.facets import Filters
from timeline.query.pack_source import OpenPack, open_pack
from timeline.query.view import ViewState
from timeline.web import ids
from timeline.web.app import create_app
from timeline.web.callbacks import render_details
from timeline.web.client import ENDPOINT, Callbacks
from timeline.web.pack_views import PackViews
from timeline.web.urlstate import encode
from timeline.web.views import MemoryViews

LIMITS = ChartLimits(detail=40)


@pytest.fixture(scope="module")
def synth_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synth_pack(tmp_path_factory.mktemp("served") / "pack")


@pytest.fixture(scope="module")
def whole(synth_pack: Path) -> Dataset:
    return load_dataset(synth_pack)


@pytest.fixture(scope="module", params=[False, True], ids=["files", "lane-bits"])
def opened(synth_pack: Path, request: pytest.FixtureRequest) -> OpenPack:
    """The pack on DuckDB, answering from its files, or with each event's lanes as bits
    (as ``timeline serve`` opens it): every view must be the same."""
    pack = open_pack(synth_pack, masks=request.param)
    assert (pack.engine.masks is not None) == request.param
    return pack


def sparse_searches(data: Dataset) -> list[str]:
    """Views of the pack with a few events in view each: zooms, lanes, an axis, a filter and
    an open event, chosen from the data (each checked to be under the detail limit)."""
    events = data.events
    starts = events["start"].to_numpy().astype("datetime64[D]")
    found = []
    for at in (len(events) // 3, len(events) // 2, len(events) - 5):
        window = (str(starts[at]), str(starts[at] + np.timedelta64(40, "D")))
        actor = events["actors"].iloc[at][0]
        for view in (
            ViewState(window=window),
            ViewState(window=window, axis="linear", group="theme"),
            ViewState(window=window, event=str(events["id"].iloc[at])),
            ViewState(filters=Filters(actors=(actor,), date_from=str(starts[at])[:7])),
        ):
            if 0 < int(view.in_view(data).sum()) <= LIMITS.detail:
                found.append(encode(view))
    assert len(found) >= 6, found
    return found


def as_json(figure: object) -> object:
    return json.loads(figure.to_json())  # type: ignore[attr-defined]


def test_a_view_drawn_one_by_one_is_the_whole_datasets(whole: Dataset, opened: OpenPack):
    """Figure (each mark and label naming its event by its row in the whole, as the whole
    dataset's figure does), count, list and details panel, as the app reads them."""
    pack, memory = PackViews(opened, limits=LIMITS), MemoryViews(lambda: whole, limits=LIMITS)
    for search in [*sparse_searches(whole), "?window=2036-01-01..2036-02-01"]:
        fig, count, listing = pack.render(search, 1280, payload=False)
        fig_m, count_m, listing_m = memory.render(search, 1280, payload=False)
        assert count == count_m, search
        assert listing == listing_m, search
        assert as_json(fig) == as_json(fig_m), search
        details = render_details(pack.decoding(search), search)
        assert str(details) == str(render_details(whole, search)), search


def test_a_click_names_the_event_it_was_on_after_the_view_has_moved(
    whole: Dataset, opened: OpenPack
):
    """Marks carry the event's row in the whole pack: a click answered after the address
    has moved on (the chart is redrawn a second later at 20 million events) still opens the
    event that was clicked, not the one now at that place of another slice."""
    pack, memory = PackViews(opened, limits=LIMITS), MemoryViews(lambda: whole, limits=LIMITS)
    first, later = sparse_searches(whole)[:2]
    fig, _, _ = pack.render(first, 1280, payload=False)
    rows = [r for t in fig.data if isinstance(t.customdata, tuple) for r in t.customdata]
    assert rows
    pack.render(later, 1280, payload=False)  # the page has moved on
    for row in rows:
        click = {"points": [{"customdata": row}]}
        assert pack.clicked(click) == memory.clicked(click) == whole.events["id"].iloc[row]
    assert pack.clicked({"points": [{"customdata": 10**9}]}) is None


def test_a_dense_view_is_the_engines_density_with_the_same_numbers(
    whole: Dataset, opened: OpenPack
):
    pack, memory = PackViews(opened, limits=LIMITS), MemoryViews(lambda: whole, limits=LIMITS)
    actor = whole.actors[0]
    for search in ("", f"?actor={actor}", "?group=theme&window=1950-01-01..2030-01-01"):
        fig, count, listing = pack.render(search, 1280, payload=False)
        _, count_m, listing_m = memory.render(search, 1280, payload=False)
        assert count == count_m
        assert listing == listing_m  # the first events in view, read by row
        cells = [t for t in fig.data if t.legendgroup == "density"]
        assert cells and fig.layout.xaxis.range is not None
        state = ViewState() if not search else None
        view = state or _view(search, whole)
        kind = view.group
        per_lane: dict[str, int] = {}
        for trace in cells:
            for lane, n in zip(trace.y, trace.customdata, strict=True):
                name = fig.layout.yaxis.ticktext[int(lane)] if fig.layout.yaxis.ticktext else lane
                per_lane[str(name)] = per_lane.get(str(name), 0) + int(n)
        expected = {}
        pairs = whole.index.lanes(kind)
        mask = view.in_view(whole)
        for code, name in enumerate(pairs.names):
            expected[str(name)] = int((mask[pairs.event] & (pairs.code == code)).sum())
        assert {k: v for k, v in expected.items() if v} == _plain(per_lane)


def _view(search: str, data: Dataset) -> ViewState:
    from timeline.web.urlstate import decode_for

    return decode_for(search, data)[0]


def _plain(per_lane: dict[str, int]) -> dict[str, int]:
    """Lane labels as names (a lane's tick text may be wrapped or escaped)."""
    return {k.replace("<br>", " "): v for k, v in per_lane.items()}


def test_zoom_presets_end_where_the_filtered_events_end(whole: Dataset, opened: OpenPack):
    pack, memory = PackViews(opened, limits=LIMITS), MemoryViews(lambda: whole, limits=LIMITS)
    for view in (ViewState(), _view(f"?actor={whole.actors[-1]}", whole)):
        assert pack.last_end(view) == memory.last_end(view)


def test_exports_and_reports_of_a_dense_view_say_how_far_to_narrow_it(opened: OpenPack):
    from timeline.web.renders import RenderPool, never

    pack = PackViews(opened, limits=LIMITS)
    job = pack.export("", {"range": None}, "slide")
    assert job is not None and "Filter or zoom to 40 or fewer" in job["error"]
    download, status = pack.report("", "md", pool=RenderPool(1), gone=never)
    assert download is None and "600 events are in view" in status


def test_the_app_serves_a_pack_and_says_when_its_engine_fails(
    synth_pack: Path, monkeypatch: pytest.MonkeyPatch
):
    opened = open_pack(synth_pack)
    draw = view_requests(create_app(opened, limits=LIMITS))
    assert draw("")[ids.COUNT]["children"] == "600 of 600 events"

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("Lost executor 1 on 127.0.0.1: worker lost\nat org.apache...")

    for question in ("count", "extent", "density", "events"):
        monkeypatch.setattr(opened.engine, question, broken)
    failed = draw("?theme=trade")
    said = failed[ids.LIST_NOTE]["children"]
    assert said.startswith("the duckdb engine failed: Lost executor 1") and "org.apache" not in said
    assert failed[ids.COUNT]["children"] == ""  # no count claimed
    monkeypatch.undo()
    again = draw("?theme=trade")  # the next request, as usual: nothing failed was kept
    assert again[ids.COUNT]["children"].endswith(" of 600 events")


def test_a_question_past_the_timeout_is_cancelled_and_said(synth_pack: Path):
    opened = open_pack(synth_pack, timeout=0.5)
    started = []

    def slow() -> int:
        started.append(True)
        con = opened.engine.events_table._find_backend().con
        # a query that runs until interrupted: the watchdog's cancel must end it
        return con.execute("SELECT count(*) FROM range(10000000000) a").fetchall()

    with pytest.raises(EngineFailed, match=r"no answer in 0\.5 s"):
        opened._ask(slow)
    assert started and opened.count(ViewState()) == 600  # the engine answers again


def test_serve_says_in_one_line_when_the_cluster_cannot_be_reached(synth_pack: Path):
    result = CliRunner().invoke(
        main, ["serve", "--data", str(synth_pack), "--engine", "spark://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [
        "error: cannot reach the Spark master at spark://127.0.0.1:9: Connection refused"
    ]


def test_serve_asked_for_an_engine_on_a_csv_folder_is_a_usage_error(tiny_dataset: Path):
    result = CliRunner().invoke(main, ["serve", "--data", str(tiny_dataset), "--engine", "duckdb"])
    assert result.exit_code == 2 and "CSV folder" in result.output


@pytest.mark.parametrize("name", ["view.csv", "view.json", "report.md"])
def test_exports_and_reports_from_the_engine_are_those_of_the_pack_loaded_whole(
    synth_pack: Path, whole: Dataset, tmp_path: Path, name: str
):
    window = sparse_searches(whole)[0].removeprefix("?window=")
    command = "report" if name.startswith("report") else "export"
    made = {}
    for engine in ("duckdb", "memory"):
        out = tmp_path / engine / name
        out.parent.mkdir()
        args = [command, "--data", str(synth_pack), "--window", window, "-o", str(out)]
        if command == "report":
            args.append("--no-chart")
        result = CliRunner().invoke(main, [*args, "--engine", engine])
        assert result.exit_code == 0, result.output
        made[engine] = out.read_bytes()
    assert made["duckdb"] == made["memory"]
    assert b"of 600" in made["duckdb"] or name.endswith((".csv", ".json"))


def test_an_export_from_the_engine_of_too_many_events_says_how_to_narrow_it(
    synth_pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import timeline.options

    monkeypatch.setattr(timeline.options, "ENGINE_VIEW_LIMIT", 100)
    out = tmp_path / "all.csv"
    result = CliRunner().invoke(main, ["export", "--data", str(synth_pack), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "600 events are in view; read from a pack, at most 100 are" in result.output


def test_an_export_never_writes_over_a_packs_query_tables(synth_pack: Path, whole: Dataset):
    window = sparse_searches(whole)[0].removeprefix("?window=")
    out = synth_pack / "query_events.parquet"
    before = out.read_bytes()
    args = ["export", "--data", str(synth_pack), "--window", window, "--format", "csv"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 1 and "is part of the dataset" in result.output
    assert out.read_bytes() == before


@pytest.fixture(scope="module")
def bundled_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset packed: it has a title naming its span, as users' datasets do."""
    from timeline.load.bundled import bundled_data
    from timeline.pack.writer import pack_folder

    out = tmp_path_factory.mktemp("bundled") / "pack"
    pack_folder(bundled_data(), out)
    return out


@pytest.mark.parametrize("name", ["view.json", "report.md"])
def test_a_titled_packs_zoomed_exports_claim_no_more_than_they_show(
    bundled_pack: Path, tmp_path: Path, name: str
):
    """A title naming the dataset's span is dropped over a zoomed view, on the engine as in
    memory: the slice knows the whole's first and last dates."""
    command = "report" if name.startswith("report") else "export"
    made = {}
    for engine in ("duckdb", "memory"):
        out = tmp_path / engine / name
        out.parent.mkdir()
        args = [command, "--data", str(bundled_pack), "--window", "2024-06-01..2024-06-30"]
        args += ["-o", str(out), "--engine", engine]
        result = CliRunner().invoke(main, [*args, "--no-chart"] if command == "report" else args)
        assert result.exit_code == 0, result.output
        made[engine] = out.read_text(encoding="utf-8")
    assert made["duckdb"] == made["memory"]
    assert "1961 to" not in made["duckdb"]


def test_an_export_of_an_empty_stretch_says_so_and_the_process_exits_cleanly(
    synth_pack: Path, tmp_path: Path
):
    """In a process of its own (as a user runs it): the engine's connection must not be
    torn down by a thread at exit (it aborted the process, exit 134)."""
    import subprocess
    import sys

    out = tmp_path / "none.csv"
    args = ["export", "--data", str(synth_pack), "--window", "2036-01-01..2036-02-01"]
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-m", "timeline", *args, "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.strip().splitlines() == [
            "error: no events of the selection fall in the window; nothing written"
        ]
    assert not out.exists()


def test_rows_of_a_pack_not_as_written_are_located_not_called_an_engine_failure(
    synth_pack: Path, whole: Dataset, tmp_path: Path
):
    """A pack whose events table names an undeclared actor (its manifest made to match):
    the view's slice is read through the loader's checks, and the problem is reported at
    its row of the pack, by the command and on the page."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    from timeline.model.pack_format import MANIFEST_FILE, file_sha256

    bad = tmp_path / "bad"
    shutil.copytree(synth_pack, bad)
    search = sparse_searches(whole)[0]
    row = int(np.flatnonzero(_view(search, whole).in_view(whole))[0])
    table = pq.read_table(bad / "events.parquet")
    actors = table.column("actors").to_pylist()
    actors[row] = ["Nobody at all"]
    index = table.schema.get_field_index("actors")
    table = table.set_column(index, "actors", pa.array(actors, table.schema.field("actors").type))
    pq.write_table(table, bad / "events.parquet")
    manifest = json.loads((bad / MANIFEST_FILE).read_text())
    manifest["tables"]["events"]["sha256"] = file_sha256(bad / "events.parquet")
    (bad / MANIFEST_FILE).write_text(json.dumps(manifest))

    window = search.removeprefix("?window=")
    args = ["export", "--data", str(bad), "--window", window, "-o", str(tmp_path / "x.csv")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"events.parquet:{row + 1}" in result.output and "Nobody at all" in result.output
    assert "engine failed" not in result.output

    draw = view_requests(create_app(open_pack(bad), limits=LIMITS))
    said = draw(search)[ids.LIST_NOTE]["children"]
    assert said.startswith("The dataset has a problem") and f"events.parquet:{row + 1}" in said


def test_exports_reports_details_and_articles_say_when_the_engine_fails(
    synth_pack: Path, whole: Dataset, monkeypatch: pytest.MonkeyPatch
):
    opened = open_pack(synth_pack)
    app = create_app(opened, limits=LIMITS)
    client = app.server.test_client()
    find = Callbacks.of(client).find
    search = sparse_searches(whole)[0]
    source = str(whole.sources["id"].iloc[0])

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("Connection reset by peer")

    for question in ("count", "extent", "density", "events"):
        monkeypatch.setattr(opened.engine, question, broken)
    monkeypatch.setattr(type(opened.slices), "articles", broken)  # frozen: on its class

    def answer(output: str, values: dict) -> dict:
        body = Callbacks.body(find(output), values)
        got = client.post(ENDPOINT, json=body)
        assert got.status_code == 200, got.get_data(as_text=True)
        return got.get_json()["response"]

    export = answer(
        f"{ids.EXPORT_JOB}.data",
        {f"{ids.EXPORT_REQUEST}.data": {"clicks": 1, "range": None}, f"{ids.URL}.search": search},
    )
    assert export[ids.EXPORT_STATUS]["children"].startswith("Not exported: the duckdb engine")
    report = answer(
        f"{ids.REPORT_STATUS}.children",
        {f"{ids.REPORT_BUTTON}.n_clicks": 1, f"{ids.URL}.search": search},
    )
    assert report[ids.REPORT_STATUS]["children"].startswith("No report: the duckdb engine")
    text = client.get(f"/article/{source}")
    assert text.status_code == 503 and text.mimetype == "text/plain"
    assert text.get_data(as_text=True).startswith("the duckdb engine failed")
