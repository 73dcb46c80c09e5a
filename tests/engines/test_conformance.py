"""The query operations, once, against every engine: counts, choices, events in time order,
density and excerpts, under every kind of filter and window. Each engine must give the answer
the facets' rules give (the in-memory engine computes them with the facets themselves, and a
few answers are written out by hand from the small dataset's three events)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import scaled_examples
from tests.engines.conftest import Make
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.query.engine import MemoryEngine
from timeline.query.filters import Filters
from timeline.query.view import ViewState

SPAN = (np.datetime64("1600-01-01"), np.datetime64("2030-01-01"))

# (view, the ids in view) on the small dataset of tests/conftest.py: a treaty of 1648
# (Ruritania, Freedonia; treaty), a rail link from March 1990 to 2000 (the same two; trade),
# a summit on 2 May 2001 (the two and the League; treaty)
CASES = [
    (ViewState(), ["westphalia", "rail", "summit"]),
    (ViewState(filters=Filters(actors=("League",))), ["summit"]),
    (ViewState(filters=Filters(actors=("League", "Freedonia"))), ["westphalia", "rail", "summit"]),
    (ViewState(filters=Filters(actors=("Nobody",))), []),
    (ViewState(filters=Filters(themes=("trade",))), ["rail"]),
    (ViewState(filters=Filters(sources=("b",))), ["rail", "summit"]),
    (ViewState(filters=Filters(date_from="1995")), ["rail", "summit"]),
    (ViewState(filters=Filters(date_to="1990-02")), ["westphalia"]),
    (ViewState(filters=Filters(date_from="1990-03-31", date_to="2001-05-01")), ["rail"]),
    (ViewState(filters=Filters(query="FRIENDSHIP")), ["summit"]),
    (ViewState(filters=Filters(query="goods decade")), ["rail"]),  # summary, then a quote
    (ViewState(filters=Filters(query="treaty 1648")), ["westphalia"]),
    (ViewState(window=("1999-01-01", "2001-05-02")), ["rail"]),
    (ViewState(window=("1999-01-01", "2001-05-03")), ["rail", "summit"]),
    (
        ViewState(
            filters=Filters(actors=("Ruritania",), themes=("treaty",)),
            window=("1600-01-01", "1700-01-01"),
        ),
        ["westphalia"],
    ),
]


@pytest.fixture
def small(tiny_dataset) -> Dataset:  # type: ignore[no-untyped-def]
    return load_dataset(tiny_dataset)


@pytest.mark.parametrize(("view", "ids"), CASES)
def test_count_and_events_follow_the_facets_rules(make_engine: Make, small, view, ids) -> None:
    engine = make_engine(small)
    assert engine.count(view) == len(ids)
    events = engine.events(view, limit=10)
    assert events["id"].tolist() == ids
    span = engine.span(view)
    assert engine.extent(view) == (len(ids), span)
    if not ids:
        assert span is None
    else:
        chosen = small.events[small.events["id"].isin(ids)]
        assert span == (chosen["start"].min(), chosen["end"].max())
    assert events["row"].tolist() == [small.row_of(i) for i in ids]
    assert engine.events(view, limit=1)["id"].tolist() == ids[:1]


def test_choices_count_the_events_in_view(make_engine: Make, small) -> None:
    engine = make_engine(small)
    assert engine.choices(ViewState(), "actor") == [
        ("Freedonia", 3),
        ("Ruritania", 3),
        ("League", 1),
    ]
    assert engine.choices(ViewState(), "theme") == [("treaty", 2), ("trade", 1)]
    narrowed = ViewState(filters=Filters(themes=("trade",)))
    assert engine.choices(narrowed, "actor") == [("Freedonia", 1), ("Ruritania", 1)]


def test_density_counts_each_lane_per_bin(make_engine: Make, small) -> None:
    engine = make_engine(small)
    frame = engine.density(ViewState(), kind="theme", bins=43, span=SPAN)  # bins of ten years
    assert list(zip(frame["lane"], frame["bin"], frame["count"], strict=True)) == [
        ("trade", 39, 1),  # 1990
        ("treaty", 4, 1),  # 1648
        ("treaty", 40, 1),  # 2001
    ]
    early = engine.density(ViewState(), kind="actor", bins=2, span=(SPAN[0], np.datetime64("1700")))
    assert early["count"].sum() == 7  # past the span's end: in the last bin


def test_excerpts_of_one_event(make_engine: Make, small) -> None:
    engine = make_engine(small)
    found = engine.excerpts("rail")
    assert found["source_id"].tolist() == ["a", "b"]
    article = small.articles["a"].text
    start, end = found.loc[0, ["quote_start", "quote_end"]]
    assert article[start:end] == "In March 1990 the two states opened a rail link."
    assert engine.excerpts("no-such-event").empty


# ---- the property: random datasets, filters and windows give equal answers ----

NAMES = ["Ana", "Bo", "Cy"]
WORDS = ["alpha", "beta", "gamma", "delta"]
VOCABULARY = [
    *({"kind": "actor", "name": n, "description": ""} for n in NAMES),
    *({"kind": "theme", "name": t, "description": ""} for t in ("treaty", "trade")),
]


@st.composite
def datasets(draw: st.DrawFn) -> dict:
    n = draw(st.integers(1, 8))
    events = []
    for i in range(n):
        year = draw(st.integers(1500, 2030))
        precision = draw(st.sampled_from(["year", "month", "day"]))
        date = str(year) if precision == "year" else f"{year}-{draw(st.integers(1, 12)):02d}"
        if precision == "day":
            date += f"-{draw(st.integers(1, 28)):02d}"
        end = str(year + draw(st.integers(1, 5))) if draw(st.booleans()) else ""
        events.append(
            {
                "id": f"e{i}",
                "date": date,
                "end_date": end,
                "title": " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))),
                "summary": " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=2))),
                "actors": ";".join(
                    draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
                ),
                "themes": draw(st.sampled_from(["treaty", "trade"])),
                "date_basis": "stated",
                "note": "",
            }
        )
    return {"events": events}


views = st.builds(
    ViewState,
    filters=st.builds(
        Filters,
        actors=st.lists(st.sampled_from(NAMES), max_size=2, unique=True).map(tuple),
        themes=st.lists(st.sampled_from(["treaty", "trade"]), max_size=1).map(tuple),
        date_from=st.sampled_from(["", "1700", "1990-06", "2001-05-02"]),
        date_to=st.sampled_from(["", "1800", "2000-02", "2024-12-31"]),
        query=st.lists(st.sampled_from([*WORDS, "ALPHA", "Westphalia"]), max_size=2).map(" ".join),
    ),
    window=st.sampled_from([None, ("1600-01-01", "1900-01-01"), ("1990-01-01", "2010-06-15")]),
)


def test_random_datasets_filters_and_windows_give_equal_answers(
    make_engine: Make, make_dataset, engine_name: str
) -> None:
    # Spark answers a query in about a second: fewer cases there, the same strategies
    examples = scaled_examples(6) if engine_name == "spark" else scaled_examples(25, least=3)

    @settings(max_examples=examples, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(parts=datasets(), view=views)
    def check(parts: dict, view: ViewState) -> None:
        folder = make_dataset(events=parts["events"], excerpts=[], vocabulary=VOCABULARY)
        dataset = load_dataset(folder)
        reference, engine = MemoryEngine(dataset), make_engine(dataset)
        assert engine.count(view) == reference.count(view)
        assert engine.events(view, limit=5).equals(reference.events(view, limit=5))
        assert engine.choices(view, "actor") == reference.choices(view, "actor")
        assert engine.span(view) == reference.span(view)
        assert engine.extent(view) == (reference.count(view), reference.span(view))
        got = engine.density(view, kind="theme", bins=7, span=SPAN)
        assert got.equals(reference.density(view, kind="theme", bins=7, span=SPAN))

    check()
