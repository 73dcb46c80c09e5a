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


@pytest.fixture(scope="module")
def opened(synth_pack: Path) -> OpenPack:
    return open_pack(synth_pack)


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


def without_rows(figure: object, data: Dataset) -> object:
    """A figure's JSON with each mark's and label's row position replaced by its event's id:
    the pack's slice numbers its events from 0, the whole dataset from the first event."""
    fig = json.loads(figure.to_json())  # type: ignore[attr-defined]
    ids_of = data.events["id"].to_numpy()
    for trace in fig["data"]:
        rows = trace.get("customdata")
        if rows is not None and np.asarray(rows).dtype.kind in "iu":
            trace["customdata"] = ids_of[np.asarray(rows)].tolist()
    for note in fig["layout"].get("annotations", []):
        kind, _, row = str(note.get("name", "")).partition(":")
        if kind == "event-label":
            note["name"] = f"{kind}:{ids_of[int(row)]}"
    return fig


def test_a_view_drawn_one_by_one_is_the_whole_datasets(whole: Dataset, opened: OpenPack):
    pack, memory = PackViews(opened, limits=LIMITS), MemoryViews(lambda: whole, limits=LIMITS)
    for search in sparse_searches(whole):
        fig, count, listing = pack.render(search, 1280, payload=False)
        fig_m, count_m, listing_m = memory.render(search, 1280, payload=False)
        assert count == count_m, search
        assert listing == listing_m, search
        assert without_rows(fig, pack.data(search)) == without_rows(fig_m, whole), search
        details = render_details(pack.data(search), search)
        assert str(details) == str(render_details(whole, search)), search


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
        assert {k: v for k, v in expected.items() if v} == _plain(per_lane, fig)


def _view(search: str, data: Dataset) -> ViewState:
    from timeline.web.urlstate import decode_for

    return decode_for(search, data)[0]


def _plain(per_lane: dict[str, int], fig: object) -> dict[str, int]:
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
