"""The chronology's content and order, independent of format."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from timeline.export import ExportError
from timeline.load.loader import load_dataset
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report.model import DEFAULT_TITLE, build_model, matching

from .conftest import EXPECTED


def model(dataset, filters=None, **options):  # type: ignore[no-untyped-def]
    filters = filters or Filters()
    view = ViewState(filters, window=options.pop("x_range", None))
    return build_model(dataset, view, matching(dataset, view), **options)


def test_unknown_source_columns_reach_the_dataset(dataset) -> None:
    for column in ("outlet", "author", "url", "accessed", "published_basis"):
        assert column in dataset.sources.columns


def test_events_quotes_and_citations_in_the_documented_order(dataset) -> None:
    report = model(dataset)
    got = [(e.date, e.title, [(q.text, q.number) for q in e.quotes]) for e in report.entries]
    assert got == EXPECTED
    assert [(s.number, s.id) for s in report.sources] == [(1, "a"), (2, "b")]
    assert report.count == "3 of 3 events"
    assert report.window == "1648 – 2 May 2001"  # as the app writes a span of event dates


def test_sources_keep_their_fields_and_say_when_a_date_was_inferred(dataset) -> None:
    a, b = model(dataset).sources
    assert (a.outlet, a.author, a.accessed) == ("The <b>Daily</b>", "Jo _Bloggs_", "20 June 2024")
    assert a.published_text == "May 2001 (inferred: no dateline — see note)"
    assert b.published_text == "2001"
    assert a.link == "https://example.org/old-friends"
    assert b.link == ""  # a javascript: address is shown as text, never made a link


def test_without_the_new_columns_nothing_is_said_about_inference(tiny_dataset: Path) -> None:
    data = load_dataset(tiny_dataset)
    sources = model(data).sources
    assert sources and all(not s.inferred and s.published_text == s.published for s in sources)
    assert all(s.outlet == s.author == s.url == s.accessed == "" for s in sources)


def test_the_three_voices_are_separate_fields(dataset) -> None:
    entry = model(dataset).entries[0]
    assert entry.summary.startswith("# The two states")
    assert all(entry.summary not in q.text for q in entry.quotes)
    assert entry.basis == "stated" and entry.basis_text == "Stated in the sources"
    assert entry.note.startswith("Year stated in the article")


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (Filters(sources=("b",)), ["rail", "summit"]),
        (Filters(actors=("League",)), ["summit"]),
        (Filters(themes=("treaty",)), ["westphalia", "summit"]),
        (Filters(date_from="1990", date_to="1999"), ["rail"]),
        (Filters(query="friendship"), ["summit"]),
    ],
)
def test_a_filter_yields_exactly_its_events_and_their_sources(dataset, filters, ids) -> None:
    report = model(dataset, filters)
    assert [e.id for e in report.entries] == ids
    cited = {q.source_id for e in report.entries for q in e.quotes}
    assert {s.id for s in report.sources} == cited
    assert [s.number for s in report.sources] == list(range(1, len(cited) + 1))
    assert report.count == f"{len(ids)} of 3 events"


def test_a_chart_window_narrows_the_chronology(dataset) -> None:
    window = ("1989-06-01 00:00:00", "1995-01-01")
    report = model(dataset, x_range=window)
    assert [e.id for e in report.entries] == ["rail"]
    # the window's end is exclusive: its last day is the one before
    assert report.window == "1 June 1989 – 31 December 1994 (chart window)"
    whole_years = model(dataset, x_range=("1990-01-01", "1995-01-01"))
    assert whole_years.window == "1 January 1990 – 31 December 1994 (chart window)"
    assert [e.id for e in model(dataset, x_range=("nonsense", "1995")).entries] == [
        "westphalia", "rail", "summit",
    ]  # fmt: skip


def test_nothing_matching_is_refused(dataset) -> None:
    with pytest.raises(ExportError, match="no events match"):
        matching(dataset, ViewState(Filters(query="zzz-nowhere")))


def test_title_precedence_option_then_metadata_then_default(report_data: Path) -> None:
    data = load_dataset(report_data)
    assert model(data).title == DEFAULT_TITLE
    meta = SimpleNamespace(
        title="Ruritania <b>file</b>", description="Desc", author="Ed", license="CC-BY"
    )
    object.__setattr__(data, "metadata", meta)  # as the loader will provide it
    report = model(data)
    assert (report.title, report.description, report.author, report.license) == (
        "Ruritania <b>file</b>", "Desc", "Ed", "CC-BY",
    )  # fmt: skip
    assert model(data, title="  Chosen\n title ").title == "Chosen title"
