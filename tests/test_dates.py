"""Partial ISO dates: unit examples and properties checked against Python's own calendar."""

from __future__ import annotations

import calendar
import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.model.dates import MONTH_NAMES, date_labels, parse_dates

years = st.integers(min_value=1, max_value=9999)
months = st.integers(min_value=1, max_value=12)


@st.composite
def days(draw: st.DrawFn) -> dt.date:
    return draw(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


def one(value: str) -> pd.Series:
    """The parse of a single value, as a row."""
    return parse_dates(pd.Series([value], dtype="str")).iloc[0]


def bounds(value: str) -> tuple[np.datetime64, np.datetime64]:
    parsed = parse_dates(pd.Series([value], dtype="str"))
    return parsed["start"].to_numpy()[0], parsed["end"].to_numpy()[0]


def d64(day: dt.date) -> np.datetime64:
    return np.datetime64(day.isoformat(), "us")


# --- examples ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "start", "end"),
    [
        ("1961", "year", "1961-01-01", "1962-01-01"),
        ("0800", "year", "0800-01-01", "0801-01-01"),
        ("1648-10", "month", "1648-10-01", "1648-11-01"),
        ("2024-02-29", "day", "2024-02-29", "2024-03-01"),
        ("9999-12-31", "day", "9999-12-31", "10000-01-01"),
        (" 2023-09 ", "month", "2023-09-01", "2023-10-01"),
    ],
)
def test_examples(value: str, precision: str, start: str, end: str):
    row = one(value)
    assert row["valid"]
    assert row["precision"] == precision
    assert bounds(value) == (np.datetime64(start, "us"), np.datetime64(end, "us"))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2024-02-30", "no such day"),
        ("1900-02-29", "no such day"),
        ("2024-00", "month"),
        ("2024-13-01", "month"),
        ("0000", "year 0"),
        ("961", "ISO 8601"),
        ("19610", "ISO 8601"),
        ("1961-9", "ISO 8601"),
        ("1961/09/01", "ISO 8601"),
        ("1961-09-01T10:00", "ISO 8601"),
        ("-1961", "ISO 8601"),
        ("1961\n-09", "ISO 8601"),
        ("१९६१", "ISO 8601"),  # Devanagari digits
        ("１９６１", "ISO 8601"),  # full-width digits
    ],
)
def test_invalid_values_get_a_reason(value: str, reason: str):
    row = one(value)
    assert not row["valid"]
    assert reason in row["error"]
    assert pd.isna(row["start"]) and pd.isna(row["end"])


def test_empty_is_not_an_error_but_not_valid():
    row = one("  ")
    assert not row["valid"]
    assert row["error"] == ""


def test_index_is_kept_for_mixed_values():
    values = pd.Series(["1961", "bad", "", "2024-06-18"], index=[10, 3, 7, 1], dtype="str")
    parsed = parse_dates(values)
    assert parsed.index.tolist() == [10, 3, 7, 1]
    assert parsed["valid"].tolist() == [True, False, False, True]
    assert date_labels(parsed).tolist() == ["1961", "", "", "18 June 2024"]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2024-06-18", "2024-06-19", "18–19 June 2024"),
        ("2024-06-28", "2024-07-02", "28 June – 2 July 2024"),
        ("2024-06", "2024-07", "June – July 2024"),
        ("1961", "1965", "1961 – 1965"),
        ("2023-12-31", "2024-01-01", "31 December 2023 – 1 January 2024"),
        ("2024-06-18", "", "18 June 2024"),
        ("2024-06-18", "2024-06-18", "18 June 2024"),
        ("1961", "1961-03", "1961 – March 1961"),
    ],
)
def test_span_labels(start: str, end: str, label: str):
    first = parse_dates(pd.Series([start], dtype="str"))
    second = parse_dates(pd.Series([end], dtype="str"))
    assert date_labels(first, second).tolist() == [label]


# --- properties -------------------------------------------------------------------------------


@given(days())
def test_every_valid_day_round_trips(day: dt.date):
    value = day.isoformat()
    row = one(value)
    assert row["valid"] and row["error"] == ""
    assert (row["precision"], row["year"], row["month"], row["day"]) == (
        "day",
        day.year,
        day.month,
        day.day,
    )
    start, end = bounds(value)
    assert start == d64(day)
    assert end - start == np.timedelta64(1, "D")
    label = date_labels(parse_dates(pd.Series([value], dtype="str"))).iloc[0]
    assert label == f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@given(years, months)
def test_a_month_holds_exactly_its_days(year: int, month: int):
    value = f"{year:04d}-{month:02d}"
    start, end = bounds(value)
    assert start == d64(dt.date(year, month, 1))
    assert (end - start) // np.timedelta64(1, "D") == calendar.monthrange(year, month)[1]
    assert one(value)["precision"] == "month"


@given(years)
def test_a_year_holds_exactly_its_days(year: int):
    start, end = bounds(f"{year:04d}")
    assert start == d64(dt.date(year, 1, 1))
    assert (end - start) // np.timedelta64(1, "D") == (366 if calendar.isleap(year) else 365)


@given(years, months, st.integers(min_value=1, max_value=31))
def test_impossible_days_are_rejected_exactly(year: int, month: int, day: int):
    row = one(f"{year:04d}-{month:02d}-{day:02d}")
    possible = day <= calendar.monthrange(year, month)[1]
    assert row["valid"] == possible
    assert (row["error"] == "") == possible


@given(st.lists(st.text(max_size=20), max_size=30))
def test_any_text_never_raises_and_invalid_always_has_a_reason(values: list[str]):
    parsed = parse_dates(pd.Series(values, dtype="str"))
    assert len(parsed) == len(values)
    for value, (_, row) in zip(values, parsed.iterrows(), strict=True):
        blank = value.strip() == ""
        assert row["valid"] or blank or row["error"] != ""
        if row["valid"]:
            assert row["start"] < row["end"]
            assert value.strip().isascii()
    date_labels(parsed, parsed)  # labels never raise either


def expected_period(value: str) -> tuple[np.datetime64, np.datetime64]:
    """The period of a valid YYYY[-MM[-DD]] by numpy's own calendar arithmetic."""
    unit = {4: "Y", 7: "M", 10: "D"}[len(value)]
    start = np.datetime64(value, unit)
    return start.astype("datetime64[us]"), (start + 1).astype("datetime64[us]")


@given(st.lists(days(), min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_parsing_is_elementwise(dates: list[dt.date], rnd: random.Random):
    """A batch mixing precisions, blanks and junk: each row is parsed on its own."""
    values = [d.isoformat()[: rnd.choice((4, 7, 10))] for d in dates]
    junk = {i for i in range(len(values)) if rnd.random() < 0.2}
    values = [("x" + v if i in junk else v) for i, v in enumerate(values)]
    parsed = parse_dates(pd.Series(values, index=range(100, 100 + len(values)), dtype="str"))
    assert parsed.index.tolist() == list(range(100, 100 + len(values)))
    for i, value in enumerate(values):
        if i in junk:
            assert not parsed["valid"].iloc[i]
            continue
        got = parsed["start"].to_numpy()[i], parsed["end"].to_numpy()[i]
        assert got == expected_period(value)


@given(days(), days())
def test_span_label_names_both_ends(a: dt.date, b: dt.date):
    start, end = sorted((a, b))
    first = parse_dates(pd.Series([start.isoformat()], dtype="str"))
    second = parse_dates(pd.Series([end.isoformat()], dtype="str"))
    label = date_labels(first, second).iloc[0]
    assert label.endswith(f"{end.day} {MONTH_NAMES[end.month - 1]} {end.year}")
    assert label.startswith(str(start.day))
    assert ("–" in label) == (start != end)


DATE_LIKE = st.sampled_from(
    ["1961", "2023-09", "2024-06-19", "0000", "2023-13", "2023-02-30", " 1999 ", "", "x", "١٦٤٨"]
)


@given(st.lists(st.one_of(DATE_LIKE, st.text(max_size=12)), min_size=1, max_size=40))
def test_repeated_values_parse_as_each_alone(values: list[str]):
    """A column of few distinct values is parsed once per value: the same as value by value."""
    column = pd.Series(values * 3, dtype="str")  # at most a third distinct: parsed once each
    whole = parse_dates(column)
    # each distinct value parsed alone (parsing one value is the reference, so it is done
    # once per value, not once per row), then laid out as the column's rows
    one = {value: parse_dates(pd.Series([value], dtype="str")) for value in dict.fromkeys(values)}
    alone = pd.concat([one[value] for value in column]).set_axis(column.index)
    pd.testing.assert_frame_equal(whole, alone)
