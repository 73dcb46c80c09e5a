"""Filters: any-of within a facet, all facets together; checked against a plain definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import scaled_examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.query.filters import Filters, apply_filters, filter_mask, filter_problems
from timeline.synth import generate_dataset


def ids(dataset: Dataset, filters: Filters) -> list[str]:
    return apply_filters(dataset, filters)["id"].tolist()


@pytest.fixture
def tiny(tiny_dataset: Path) -> Dataset:
    return load_dataset(tiny_dataset)


def test_no_filter_keeps_everything_in_time_order(tiny: Dataset):
    assert ids(tiny, Filters()) == ["westphalia", "rail", "summit"]


def test_any_of_the_chosen_actors(tiny: Dataset):
    assert ids(tiny, Filters(actors=("League",))) == ["summit"]
    assert ids(tiny, Filters(actors=("League", "Freedonia"))) == ["westphalia", "rail", "summit"]


def test_facets_combine_with_and(tiny: Dataset):
    assert ids(tiny, Filters(actors=("Ruritania",), themes=("trade",))) == ["rail"]
    assert ids(tiny, Filters(actors=("League",), themes=("trade",))) == []


def test_source_keeps_events_quoted_from_it(tiny: Dataset):
    assert ids(tiny, Filters(sources=("b",))) == ["rail", "summit"]


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("1990", None, ["rail", "summit"]),
        (None, "1648", ["westphalia"]),  # 'to' includes its whole year
        ("1995", "1995", ["rail"]),  # a span overlapping the window is kept
        ("2001-05-02", "2001-05-02", ["summit"]),
        ("2001-05-03", None, []),
    ],
)
def test_dates_keep_events_overlapping_the_window(tiny: Dataset, date_from, date_to, expected):
    assert ids(tiny, Filters(date_from=date_from, date_to=date_to)) == expected


def test_search_needs_every_word_in_title_summary_or_quotes(tiny: Dataset):
    assert ids(tiny, Filters(query="RAIL")) == ["rail"]
    assert ids(tiny, Filters(query="envoy friendship")) == ["summit"]  # quote + title
    assert ids(tiny, Filters(query="envoy decade")) == []


def test_unknown_names_match_nothing_and_are_reported(tiny: Dataset):
    filters = Filters(actors=("Ruritanja",), date_from="2024-13")
    assert ids(tiny, Filters(actors=("Ruritanja",))) == []
    problems = filter_problems(tiny, filters)
    assert any("did you mean 'Ruritania'" in p for p in problems)
    assert any("2024-13" in p for p in problems)


def test_from_after_to_is_reported(tiny: Dataset):
    assert filter_problems(tiny, Filters(date_from="2001", date_to="1990"))


def test_filtering_never_changes_the_dataset(tiny: Dataset):
    before = tiny.events.copy()
    apply_filters(tiny, Filters(actors=("League",), query="summit"))
    assert tiny.events.equals(before)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = generate_dataset(tmp_path_factory.mktemp("synth") / "d", events=400, seed=3)
    return load_dataset(folder)


def reference_mask(dataset: Dataset, filters: Filters) -> list[bool]:
    """The filter semantics written plainly, one event at a time."""
    from timeline.query.filters import date_bound

    lo = date_bound(filters.date_from, end=False)
    hi = date_bound(filters.date_to, end=True)
    quotes: dict[int, list[str]] = {}
    sources: dict[int, set[str]] = {}
    for row in dataset.excerpts.itertuples():
        quotes.setdefault(row.event, []).append(row.quote.lower())
        sources.setdefault(row.event, set()).add(row.source_id)
    result = []
    for pos, event in enumerate(dataset.events.itertuples()):
        ok = not filters.actors or bool(set(event.actors) & set(filters.actors))
        ok &= not filters.themes or bool(set(event.themes) & set(filters.themes))
        ok &= not filters.sources or bool(sources.get(pos, set()) & set(filters.sources))
        ok &= lo is None or event.end > lo
        ok &= hi is None or event.start < hi
        texts = [event.title.lower(), event.summary.lower(), *quotes.get(pos, [])]
        for term in filters.query.lower().split():
            ok &= any(term in text for text in texts)
        result.append(bool(ok))
    return result


@settings(
    max_examples=scaled_examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_vectorised_filters_equal_the_plain_definition(synthetic: Dataset, data: st.DataObject):
    pick = lambda names: data.draw(st.lists(st.sampled_from(names), max_size=3, unique=True))  # noqa: E731
    years = st.none() | st.integers(1600, 2030).map(str)
    words = st.sampled_from(["", "the", "summit", "talks", "zzz", "a", "of the"])
    filters = Filters(
        actors=tuple(pick(list(synthetic.actors))),
        themes=tuple(pick(list(synthetic.themes))),
        sources=tuple(pick(list(synthetic.sources["id"]))),
        date_from=data.draw(years),
        date_to=data.draw(years),
        query=data.draw(words),
    )
    assert filter_mask(synthetic, filters).tolist() == reference_mask(synthetic, filters)


def test_a_repeated_search_word_is_searched_once(tiny: Dataset, monkeypatch: pytest.MonkeyPatch):
    import timeline.query.facets as filters_module

    searched: list[str] = []
    contains = filters_module._contains

    def counting(texts, term):
        if len(texts) > 1:  # the dataset's texts, not the comparison of two words
            searched.append(term)
        return contains(texts, term)

    expected = ids(tiny, Filters(query="rail link"))
    monkeypatch.setattr(filters_module, "_contains", counting)
    assert ids(tiny, Filters(query="rail RAIL Rail link rail")) == expected
    assert sorted(set(searched)) == ["link", "rail"]
    assert len(searched) == 2 * 3  # two words, each in titles, summaries and quotes


def test_words_that_differ_beyond_case_are_all_searched():
    from timeline.query.facets import search_terms

    assert search_terms("Rail rail RAIL") == ["rail"]
    assert search_terms("rail rails ra") == ["rail", "rails", "ra"]
    assert search_terms("Straße STRASSE strasse") == ["straße", "strasse"]
    assert search_terms("") == []
