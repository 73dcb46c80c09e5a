"""The bundled dataset: valid, fully sourced, and covering the events it was specified with."""

from __future__ import annotations

import pytest

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_dataset(bundled_data())


def test_loads_without_errors_or_warnings(bundled: Dataset):
    assert bundled.warnings == ()
    assert len(bundled.events) >= 20


def test_every_event_is_quoted_and_every_article_cited(bundled: Dataset):
    assert (bundled.events["n_excerpts"] > 0).all()
    assert set(bundled.sources["id"]) == set(bundled.excerpts["source_id"])


def test_every_quote_is_verbatim_in_its_article(bundled: Dataset):
    for row in bundled.excerpts.itertuples():
        article = bundled.articles[row.source_id].text
        span = article[row.quote_start : row.quote_end]
        assert span, row
        # The located span differs from the typed quote at most by typography.
        assert len(span) >= len(row.quote) * 0.9


def test_every_date_says_how_it_was_established(bundled: Dataset):
    assert set(bundled.events["date_basis"]) <= {"stated", "relative", "external"}
    assert (bundled.events["note"].str.len() > 20).all()
    assert (bundled.sources["note"].str.len() > 20).all()


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("1961", "treaty"),
        ("2000", "treaty"),
        ("2000", "visit"),
        ("2001", "declaration"),
        ("2023-09", "Vostochny"),
        ("2024-02", "limousine"),
        ("2024-03-28", "veto"),
        ("2024-06-19", "treaty"),
    ],
)
def test_the_specified_events_are_present_at_honest_precision(
    bundled: Dataset, date: str, words: str
):
    events = bundled.events
    text = events["title"] + " " + events["summary"]
    hits = events[(events["date"] == date) & text.str.contains(words, case=False)]
    assert len(hits) >= 1, f"no event dated {date} about {words!r}"


def test_the_june_2024_visit_is_reported_by_every_article(bundled: Dataset):
    visit = bundled.events[
        bundled.events["title"].str.contains("visit", case=False)
        & (bundled.events["date"] == "2024-06-18")
    ]
    assert len(visit) == 1
    assert visit["n_sources"].iloc[0] == len(bundled.sources)
