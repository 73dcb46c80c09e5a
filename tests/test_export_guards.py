"""Bounds an export checks on what it would really write: the image size the lanes draw, and
CSV cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE_A, ARTICLE_B, EVENTS, EXCERPTS, VOCABULARY

from timeline.cli import main
from timeline.export import ExportError, ImageSize, export
from timeline.export.images import MAX_PIXELS, drawn_problem
from timeline.export.warm import KALEIDO
from timeline.load.loader import load_dataset
from timeline.query.view import ViewState

MakeDataset = Callable[..., Path]


# --- the image bound, on the size the lanes draw ----------------------------------------------


def many_actors(make_dataset: MakeDataset, n: int) -> Path:
    """A dataset of ``n`` events, each with an actor of its own: ``n`` lanes by actor, two
    by theme."""
    themes = [v for v in VOCABULARY if v["kind"] == "theme"]
    vocabulary = [{"kind": "actor", "name": f"Actor {i}", "description": ""} for i in range(n)]
    events = [
        {**EVENTS[i % 3], "id": f"e{i}", "actors": f"Actor {i}"}
        for i in range(n)  # the three dates again and again
    ]
    excerpts = [{**EXCERPTS[0], "event_id": "e0"}]
    return make_dataset(events=events, vocabulary=vocabulary + themes, excerpts=excerpts)


@pytest.fixture
def no_render(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The renderer replaced: records what it was asked to draw, answers a tiny 'image'."""
    asked: list[dict] = []

    def spy(fig: dict, opts: dict, kopts: dict) -> bytes:
        if opts["height"] * opts["scale"] * opts["width"] * opts["scale"] > MAX_PIXELS:
            raise AssertionError(f"asked to render {opts}")
        asked.append(opts)
        return b"\x89PNG"

    monkeypatch.setattr(KALEIDO, "render", spy)
    monkeypatch.setattr("timeline.export.images.require_chromium", lambda: Path("chromium"))
    return asked


def test_the_image_bound_is_checked_on_the_size_the_lanes_draw(
    make_dataset: MakeDataset, tmp_path: Path, no_render: list[dict]
):
    """Reproduction: 500 actors drew a 3,200×33,724 PNG (108 megapixels), past the 40
    megapixel bound checked on the size asked for; 2,000 timed out in the renderer."""
    dataset = load_dataset(many_actors(make_dataset, 500))
    out = tmp_path / "chart.png"
    with pytest.raises(ExportError) as caught:
        export(dataset, ViewState(), out, size=ImageSize(1600, 900, 2))
    message = str(caught.value)
    drawn = re.search(r"1600×(\d+) at scale 2, a 3,200×([\d,]+) image of (\d+) megapixels", message)
    assert drawn, message
    assert int(drawn[1]) > 12_500 and int(drawn[3]) > 40
    assert "the limit is 40 megapixels" in message
    assert "narrow the filter, or group the lanes by theme" in message
    assert no_render == [] and not out.exists()


def test_grouped_by_theme_the_same_dataset_fits(
    make_dataset: MakeDataset, tmp_path: Path, no_render: list[dict]
):
    dataset = load_dataset(many_actors(make_dataset, 500))
    export(dataset, ViewState(group="theme"), tmp_path / "chart.png", size=ImageSize())
    (drawn,) = no_render
    assert (drawn["width"], drawn["scale"]) == (1600, 2) and drawn["height"] < 1000


def test_a_drawn_image_taller_than_a_browser_draws_is_refused():
    assert drawn_problem(ImageSize(1600, 900, 2)) is None
    message = drawn_problem(ImageSize(200, 40_000, 1))  # 8 megapixels, but 40,000 tall
    assert message and "a browser draws at most 32,767 pixels a side" in message


# --- cells a spreadsheet would run ------------------------------------------------------------

FORMULA = '=HYPERLINK("http://example.test/","click")'
ARTICLE = f"{ARTICLE_A}{FORMULA} was painted on the station wall.\n"


def formula_dataset(make_dataset: MakeDataset) -> Path:
    events = [dict(e) for e in EVENTS]
    events[0].update(title="=1+2", summary="@SUM(A1:A9)")
    events[1].update(note="-2+3 is not a date", summary="-5")  # "-5" is a number
    excerpts = [*EXCERPTS, {"event_id": "rail", "source_id": "a", "quote": FORMULA}]
    return make_dataset(
        events=events,
        excerpts=excerpts,
        articles={"a.txt": ARTICLE, "b.txt": ARTICLE_B},
    )


def test_check_warns_of_cells_a_spreadsheet_would_run(make_dataset: MakeDataset):
    root = formula_dataset(make_dataset)
    dataset = load_dataset(root)  # a warning, not an error: the data is kept verbatim
    warned = {w.file: w for w in dataset.warnings if "spreadsheet" in w.message}
    assert (warned["events.csv"].line, warned["events.csv"].column) == (2, "title")
    assert warned["events.csv"].message.startswith("3 cell(s) begin with =, +, - or @")
    assert (warned["excerpts.csv"].line, warned["excerpts.csv"].column) == (7, "quote")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0
    assert "export with --spreadsheet-safe" in result.output


def read_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_csv_export_keeps_cells_verbatim_by_default(make_dataset: MakeDataset, tmp_path):
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(
        main, ["export", "--data", str(formula_dataset(make_dataset)), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert {r["title"] for r in rows} >= {"=1+2"}
    assert FORMULA in {r["quote"] for r in rows}


def test_spreadsheet_safe_csv_cells_are_written_as_text(make_dataset: MakeDataset, tmp_path):
    out = tmp_path / "events.csv"
    args = ["export", "--data", str(formula_dataset(make_dataset)), "--spreadsheet-safe"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "note: cells that begin with =, +, - or @ are written after an apostrophe" in (
        result.output
    )
    rows = read_rows(out)
    by_event = {r["event_id"]: r for r in rows}
    assert by_event["westphalia"]["title"] == "'=1+2"
    assert by_event["westphalia"]["summary"] == "'@SUM(A1:A9)"
    assert by_event["rail"]["note"] == "'-2+3 is not a date"
    assert by_event["rail"]["summary"] == "-5"  # a number stays a number
    assert f"'{FORMULA}" in {r["quote"] for r in rows}
    plain = [r for r in rows if r["event_id"] == "summit"]
    assert plain and all(not v.startswith("'") for r in plain for v in r.values())


def test_the_app_export_refuses_a_chart_its_lanes_make_too_big(make_dataset: MakeDataset):
    """The page's PNG is drawn in the visitor's browser: the server says no before sending
    a figure of 500 lanes, with the size and what to do."""
    from timeline.web.components.export_control import export_job

    dataset = load_dataset(many_actors(make_dataset, 500))
    job = export_job(dataset, "", {"range": None}, "slide")
    assert job is not None and set(job) == {"error"}
    assert "megapixels" in job["error"] and "group the lanes by theme" in job["error"]
    fits = export_job(dataset, "?group=theme", {"range": None}, "slide")
    assert fits is not None and "figure" in fits


def test_kaleidos_blank_page_race_is_tried_once_more_and_other_errors_are_not(monkeypatch):
    """Kaleido 1.x may bind to the blank page's script context on a busy machine
    ("kaleido_scopes is not defined"): that one error gets a second try; any other error is
    reported at once, as an ExportError."""
    import plotly.graph_objects as go

    from timeline.export import images, warm
    from timeline.export.files import ExportError

    calls: list[int] = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError(f"ReferenceError: {warm.KALEIDO_RACE}")
        return b"png"

    monkeypatch.setattr(images, "require_chromium", lambda: Path("/bin/true"))
    monkeypatch.setattr(KALEIDO, "_do", flaky)
    size = images.ImageSize(400, 300, 1)
    assert images.render_static(go.Figure(), "png", size) == b"png" and len(calls) == 2

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("plotly.js error")

    calls.clear()
    monkeypatch.setattr(KALEIDO, "_do", broken)
    with pytest.raises(ExportError, match=r"plotly\.js error"):
        images.render_static(go.Figure(), "png", size)
    assert len(calls) == 1
