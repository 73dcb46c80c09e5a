"""Finding the relative date expression an event was dated from: forms, traps, and that what
is found is always the sources' own words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.model.relative import expressions, relative_expression


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Last month, he visited Beijing", ["Last month"]),
        ("Kim’s trip to Russia last September, during which", ["last September"]),
        ("the visit may take place on Tuesday", ["on Tuesday"]),
        ("This two-day visit, starting Tuesday", ["Tuesday"]),
        ("a car delivered in February", ["in February"]),
        ("talks in July last year", ["in July last year"]),
        ("earlier this year, and two years ago", ["earlier this year", "two years ago"]),
        ("He said. Yesterday they met", ["Yesterday"]),
        ("the summit on 3 September", ["on 3 September"]),
        ("the Kremlin's 'June 18-19'", ["June 18-19"]),
        ("by Sept. 3", ["Sept. 3"]),
        ("since mid-March", ["since mid-March"]),
    ],
)
def test_relative_forms_are_found_as_written(text: str, found: list[str]) -> None:
    assert expressions(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Putin may march on",  # the modal and the verb are not months
        "Theresa May said so",
        "in May 2019 and in June 2024",  # a month with its year is stated, not relative
        "on 18 June 2024",
        "June 18, 2024",
        "2,000 troops in 1961",
        "over the past year, in the coming weeks",  # durations and vague phrases
        "an interview with Russia Today",  # a name, not a day
        "talks at Mar-a-Lago",
        "on Tuesday, 18 June 2024",
    ],
)
def test_traps_are_not_relative_dates(text: str) -> None:
    assert expressions(text) == []


def test_the_note_comes_first_then_an_unambiguous_excerpt() -> None:
    quotes = ["Last month, he visited Beijing.", "He will go to Hanoi next week."]
    assert relative_expression("a003: ‘Last month, he visited Beijing’.", quotes) == "Last month"
    assert relative_expression("", quotes) is None  # two expressions, no way to choose
    assert relative_expression("Read against June (next week).", quotes) == "next week"
    assert relative_expression("", quotes[:1]) == "Last month"
    assert relative_expression("", ["He said it on Tuesday.", "Tuesday, he left."]) == (
        "on Tuesday"  # one expression, worded two ways
    )
    assert relative_expression(float("nan"), []) is None  # type: ignore[arg-type]


WORDS = st.sampled_from([
    "last", "next", "this", "on", "in", "the", "May", "may", "June", "Tuesday", "month", "year",
    "3", "18", "2024", "ago", "two", ",", ".", "'", "‘", "’", "“", "”", "Kim's", "he", "said",
    "Last", "In",
])  # fmt: skip
PIECES = st.tuples(WORDS, st.sampled_from([" ", "", "\n", ", "]))
TEXT = st.lists(PIECES, max_size=30).map(lambda ps: "".join(w + sep for w, sep in ps))


@given(note=TEXT, quotes=st.lists(TEXT, max_size=3))
def test_what_is_found_is_verbatim_from_the_note_or_an_excerpt(
    note: str, quotes: list[str]
) -> None:
    found = relative_expression(note, quotes)
    assert found is None or found in note or any(found in q for q in quotes)
    assert found is None or found == found.strip()
