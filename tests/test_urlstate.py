"""URL query string <-> view state: round trips, and bad links that still show a view."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from timeline.load.loader import load_dataset
from timeline.model.text import first_bad
from timeline.query.filters import Filters
from timeline.web.urlstate import ViewState, decode, decode_for, encode


def allowed(text: str) -> bool:
    """What the one rule for text lets into a link (timeline.model.text)."""
    return first_bad(text) is None


names = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
    .filter(allowed)
)
dates = st.one_of(
    st.none(),
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.tuples(st.integers(1, 9999), st.integers(1, 12)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
)
states = st.builds(
    ViewState,
    filters=st.builds(
        Filters,
        actors=st.lists(names, max_size=3, unique=True).map(tuple),
        themes=st.lists(names, max_size=3, unique=True).map(tuple),
        sources=st.lists(names, max_size=2, unique=True).map(tuple),
        date_from=dates,
        date_to=st.none(),
        query=st.text(max_size=40).map(str.strip).filter(allowed),
    ),
    group=st.sampled_from(["actor", "theme"]),
    axis=st.sampled_from(["compressed", "linear"]),
    event=st.one_of(st.none(), names),
    window=st.one_of(
        st.none(),
        st.tuples(st.dates(), st.integers(1, 4000))
        .filter(lambda t: t[0].toordinal() + t[1] <= 3652059)
        .map(
            lambda t: (
                t[0].isoformat(),
                type(t[0]).fromordinal(t[0].toordinal() + t[1]).isoformat(),
            )
        ),
    ),
)


@given(states)
def test_encode_decode_round_trip(state: ViewState) -> None:
    decoded, notices = decode(encode(state))
    assert notices == []
    assert decoded == state


def test_default_view_has_a_plain_url() -> None:
    assert encode(ViewState()) == ""
    assert decode("") == (ViewState(), [])
    assert decode(None) == (ViewState(), [])


def test_parameter_names_from_the_readme() -> None:
    state, notices = decode(
        "?actor=Russia&actor=China&theme=treaty&source=a001&from=2023&to=2024-06"
        "&q=sacred+fight&group=theme&axis=linear&event=e1"
    )
    assert notices == []
    assert state.filters.actors == ("Russia", "China")
    assert state.filters.themes == ("treaty",)
    assert state.filters.sources == ("a001",)
    assert (state.filters.date_from, state.filters.date_to) == ("2023", "2024-06")
    assert state.filters.query == "sacred fight"
    assert (state.group, state.axis, state.event) == ("theme", "linear", "e1")


def test_malformed_values_are_dropped_with_notices() -> None:
    state, notices = decode("?from=June&to=2023-13&group=map&axis=log&colour=red")
    assert state == ViewState()
    text = " ".join(notices)
    for word in ("from=June", "to=2023-13", "group=map", "axis=log", "colour"):
        assert word in text
    assert len(notices) == 5


def test_to_before_from_is_dropped() -> None:
    state, notices = decode("?from=2024&to=2023")
    assert state.filters.date_from == "2024" and state.filters.date_to is None
    assert notices


def test_unknown_names_for_this_dataset_are_noted(tiny_dataset: Path) -> None:
    dataset = load_dataset(tiny_dataset)
    state, notices = decode_for("?actor=Ruritania&actor=Atlantis&theme=war&event=nope", dataset)
    assert state.filters.actors == ("Ruritania",)
    assert state.filters.themes == ()
    assert state.event is None
    assert len(notices) == 3 and "Atlantis" in notices[0]


def test_markup_in_values_is_just_text() -> None:
    state = ViewState(filters=Filters(query="<script>alert(1)</script>"))
    search = encode(state)
    assert "<" not in search
    assert decode(search)[0] == state
