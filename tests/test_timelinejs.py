"""TimelineJS out and back: the export's JSON (dates at their own precision, quotes and
citations escaped, the view's filters honoured) and the round trip export → import, which
keeps every event's id, dates, precision and title."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import EVENTS, VOCABULARY, write_dataset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.cli import main
from timeline.export import ExportError, export
from timeline.interchange.slides import html_text
from timeline.interchange.timelinejs import import_timelinejs
from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.text import first_bad
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.synth import generate_dataset

MakeDataset = Callable[..., Path]
KEPT = ["date", "end_date", "precision", "end_precision", "title"]
# each example writes, exports, imports and loads two dataset folders (~0.2 s): at most 25
ROUND_TRIPS = settings(
    max_examples=min(settings.default.max_examples, 25),
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
)


def exported(dataset: Dataset, out: Path, view: ViewState | None = None) -> dict:
    export(dataset, view or ViewState(Filters()), out)
    return json.loads(out.read_text(encoding="utf-8"))


def by_id(slides: list[dict]) -> dict[str, dict]:
    return {slide["unique_id"]: slide for slide in slides}


def kept(dataset: Dataset) -> pd.DataFrame:
    """What the round trip keeps, per event id."""
    frame = dataset.events.set_index("id")[KEPT]
    return frame.assign(
        precision=frame["precision"].astype(str), end_precision=frame["end_precision"].astype(str)
    ).sort_index()


def round_trip(folder: Path, work: Path) -> tuple[Dataset, Dataset]:
    """The dataset in ``folder``, and the one imported from its TimelineJS export."""
    original = load_dataset(folder)
    export(original, ViewState(Filters()), work / "timeline.json")
    imported = import_timelinejs(work / "timeline.json", work / "imported").dataset
    return original, imported


# --- the export --------------------------------------------------------------------------


def test_dates_keep_their_precision_and_slides_carry_ids_groups_and_scale(
    tiny_dataset: Path, tmp_path: Path
) -> None:
    document = exported(load_dataset(tiny_dataset), tmp_path / "t.json")
    assert document["scale"] == "human"
    slides = by_id(document["events"])
    assert list(slides) == ["westphalia", "rail", "summit"]
    assert slides["westphalia"]["start_date"] == {"year": 1648}  # no month or day invented
    assert "end_date" not in slides["westphalia"]
    assert slides["rail"]["start_date"] == {"year": 1990, "month": 3}
    assert slides["rail"]["end_date"] == {"year": 2000}
    assert slides["rail"]["display_date"] == "March 1990 – 2000"
    assert slides["summit"]["start_date"] == {"year": 2001, "month": 5, "day": 2}
    assert {s["group"] for s in slides.values()} == {"Ruritania"}  # the first actor's lane
    assert slides["rail"]["text"]["headline"] == "Rail link in service"
    assert document["title"]["text"]["headline"] == "Timeline of events"
    assert "All 3 events" in document["title"]["text"]["text"]


def test_a_slide_holds_its_quotes_and_citations_escaped(make_dataset: MakeDataset, tmp_path):  # type: ignore[no-untyped-def]
    events = [dict(e) for e in EVENTS]
    events[0]["title"] = "<img src=x onerror=alert(1)> Treaty & pact"
    sources = [
        {"id": "a", "title": "Old <b>friends</b>", "published": "2001-05", "file": "a.txt",
         "outlet": "The Daily", "url": "https://example.org/a?x=1&y=<2>"},
        {"id": "b", "title": "[A rail story]", "published": "2001", "file": "b.txt",
         "outlet": "Rail Weekly", "url": ""},
    ]  # fmt: skip
    dataset = load_dataset(make_dataset(events=events, sources=sources))
    slides = by_id(exported(dataset, tmp_path / "t.json")["events"])
    head = slides["westphalia"]["text"]["headline"]
    assert head == "&lt;img src=x onerror=alert(1)&gt; Treaty &amp; pact"
    assert html_text(head, prose=False) == events[0]["title"]  # shown as written
    body = slides["rail"]["text"]["text"]
    assert body.startswith("<p>A rail link carries goods.</p><blockquote>")
    assert "<p>In March 1990 the two states opened a rail link.</p>" in body
    assert "— Old &lt;b&gt;friends&lt;/b&gt;, The Daily (May 2001)" in body
    assert '<a href="https://example.org/a?x=1&amp;y=&lt;2&gt;">' in body
    assert "— [A rail story], Rail Weekly (2001)</p>" in body
    assert "<b>" not in body and "<img" not in json.dumps(slides)


def test_filters_window_and_lanes_of_the_view_are_honoured(tiny_dataset: Path, tmp_path: Path):
    dataset = load_dataset(tiny_dataset)
    view = ViewState(Filters(actors=("League",)), group="theme")
    document = exported(dataset, tmp_path / "league.json", view)
    [summit] = document["events"]
    assert summit["unique_id"] == "summit" and summit["group"] == "treaty"
    assert "Events involving League" in document["title"]["text"]["text"]
    window = ViewState(Filters(), window=("1980-01-01", "1995-01-01"))
    assert [s["unique_id"] for s in exported(dataset, tmp_path / "w.json", window)["events"]] == [
        "rail"
    ]


def test_the_cli_names_the_format_or_takes_it_from_the_extension(
    tiny_dataset: Path, tmp_path: Path
) -> None:
    runner, data = CliRunner(), ["--data", str(tiny_dataset)]
    named = runner.invoke(
        main, ["export", *data, "--format", "timelinejs", "-o", str(tmp_path / "a.json")]
    )
    assert named.exit_code == 0, named.output
    assert "wrote" in named.output and "(3 events)" in named.output
    by_extension = runner.invoke(main, ["export", *data, "-o", str(tmp_path / "b.json")])
    assert by_extension.exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    clash = runner.invoke(
        main, ["export", *data, "--format", "timelinejs", "-o", str(tmp_path / "c.csv")]
    )
    assert clash.exit_code == 1 and "named as csv" in clash.output
    assert not (tmp_path / "c.csv").exists()
    with pytest.raises(ExportError, match="unknown format"):
        export(load_dataset(tiny_dataset), ViewState(), tmp_path / "d.json", fmt="gif")


# --- the round trip ----------------------------------------------------------------------


def test_the_bundled_dataset_comes_back_with_ids_dates_precision_and_titles(tmp_path: Path):
    original, imported = round_trip(bundled_data(), tmp_path)
    pd.testing.assert_frame_equal(kept(imported), kept(original))
    assert len(imported.events) == 28 and imported.excerpts.empty
    assert lanes(imported) == lanes(original)
    assert imported.metadata.title == original.metadata.title
    first = imported.events.set_index("id").loc["1961-soviet-dprk-treaty"]
    assert "This new pact will replace previous agreements" in first["summary"]  # its quote
    assert first["date_basis"] == "external" and "TimelineJS file timeline.json" in first["note"]


@pytest.mark.slow  # round trips of generated folders
@ROUND_TRIPS
@given(events=st.integers(1, 40), seed=st.integers(0, 2**16))
def test_generated_datasets_come_back_whole(events: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = generate_dataset(Path(work) / "synth", events=events, seed=seed)
        original, imported = round_trip(folder, Path(work))
        pd.testing.assert_frame_equal(kept(imported), kept(original))


def _day(year: int, month: int, day: int) -> str:
    import calendar

    return f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"


DATES = st.tuples(
    st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31), st.sampled_from([1, 2, 3])
).map(lambda t: _day(*t[:3])[: {1: 4, 2: 7, 3: 10}[t[3]]])
ONE_LINE = st.text(min_size=1, max_size=30).filter(
    lambda t: first_bad(t) is None and t.strip(" ") == t and t.strip() != ""
)


@st.composite
def events_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    ids = draw(st.lists(ONE_LINE, min_size=1, max_size=8, unique=True))
    rows = []
    for event_id in ids:
        start, end = sorted([draw(DATES), draw(DATES)])
        rows.append(
            {
                "id": event_id,
                "date": start,
                "end_date": draw(st.sampled_from(["", end])),
                "title": draw(ONE_LINE),
                "summary": "",
                "actors": draw(st.sampled_from(["", "Ruritania", "Freedonia;League"])),
                "themes": "",
                "date_basis": "stated",
                "note": "",
            }
        )
    return rows


@pytest.mark.slow  # round trips of generated folders
@ROUND_TRIPS
@given(rows=events_rows())
def test_any_ids_titles_and_dates_come_back_whole(rows: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = write_dataset(Path(work) / "data", events=rows, excerpts=[], vocabulary=VOCABULARY)
        original, imported = round_trip(folder, Path(work))
        pd.testing.assert_frame_equal(kept(imported), kept(original))
        assert lanes(imported) == lanes(original)


def lanes(dataset: Dataset) -> dict[str, str]:
    """Each event's first actor, its lane ('' for none)."""
    actors = dataset.events["actors"].map(lambda names: names[0] if names else "")
    return dict(zip(dataset.events["id"], actors, strict=True))
