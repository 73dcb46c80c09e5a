"""Dates at the precision they are known: ``1961``, ``2023-09`` or ``2024-06-19``.

A date string's own precision is the event's precision. Each date stands for a period
``[start, end)``: the whole year, month or day. Years 1 to 9999 are valid; bounds are held
as ``datetime64[us]``, which covers them (pandas' nanosecond range would not).
All functions here are vectorised: no per-row Python work.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.model.columns import arrow_strings

PRECISIONS = ("year", "month", "day")
PRECISION_DTYPE = pd.CategoricalDtype(list(PRECISIONS), ordered=True)
DATE_FORMAT_HINT = "an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD with a 4-digit year (0001-9999)"
MONTH_NAMES = np.array(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    dtype=object,
)
_PATTERN = r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$"  # ASCII digits only: \d takes ١٦٤٨
# The same, with named groups for pyarrow's extract_regex (RE2), which parses a column at once
_NAMED_PATTERN = r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$"
_ERRORS = pa.array(
    [
        "",
        f"expected {DATE_FORMAT_HINT}",
        "year 0 does not exist; years run from 0001 to 9999",
        "month must be 01-12",
        "no such day in that month",
    ],
    type=pa.large_string(),
)
_EPOCH_YEAR = 1970


def parse_dates(values: pd.Series) -> pd.DataFrame:
    """Parse partial ISO dates.

    Returns a frame aligned with ``values`` with columns ``start`` and ``end`` (the period,
    end exclusive, ``datetime64[us]``, NaT where invalid or empty), ``precision``
    (year/month/day), ``year``, ``month``, ``day`` (0 where not given), ``valid`` (bool) and
    ``error`` (why a non-empty value is invalid, else empty). Empty strings are not errors:
    callers decide whether a date is required.
    """
    text = arrow_strings(values.astype("str").str.strip())
    encoded = pc.dictionary_encode(text, null_encoding="encode")
    if 2 * len(encoded.dictionary) < len(text):  # a million events hold few distinct dates
        distinct = _parse(encoded.dictionary)
        which = np.asarray(encoded.indices, dtype="int64")
        parsed = {name: column[which] for name, column in distinct.items()}
    else:
        parsed = _parse(text)
    index = values.index
    return pd.DataFrame(
        {
            "start": pd.Series(parsed["start"], index=index),
            "end": pd.Series(parsed["end"], index=index),
            "precision": pd.Series(
                pd.Categorical.from_codes(parsed["precision"], dtype=PRECISION_DTYPE), index=index
            ),
            "year": pd.Series(parsed["year"], index=index),
            "month": pd.Series(parsed["month"], index=index),
            "day": pd.Series(parsed["day"], index=index),
            "valid": pd.Series(parsed["valid"], index=index),
            "error": pd.Series(pd.array(_ERRORS.take(parsed["error"]), dtype="str"), index=index),
        }
    )


def event_period(start: pd.DataFrame, end: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """An event's period from its parsed ``date`` and ``end_date`` (:func:`parse_dates`):
    from the start of the one to the end of the other, or the date's own period where no
    end date is given. Instants, end exclusive."""
    return start["start"], end["end"].where(end["valid"], start["end"])


def _parse(text: pa.Array) -> dict[str, np.ndarray]:
    """:func:`parse_dates`' columns as numpy arrays, ``precision`` and ``error`` as codes."""
    parts = pc.extract_regex(text, _NAMED_PATTERN)
    matched = np.asarray(parts.is_valid(), dtype=bool)
    year, _ = _digits(parts, "year")
    month, has_month = _digits(parts, "month")
    day, has_day = _digits(parts, "day")
    has_month &= matched
    has_day &= matched

    error = np.zeros(len(text), dtype="int8")  # index into _ERRORS
    empty = np.asarray(pc.fill_null(pc.equal(text, ""), False), dtype=bool)
    error[~matched & ~empty] = 1
    bad_year = matched & (year < 1)
    error[bad_year] = 2
    bad_month = matched & has_month & ((month < 1) | (month > 12))
    error[bad_month & ~bad_year] = 3

    ok = matched & ~bad_year & ~bad_month
    month0 = np.where(has_month & ok, month - 1, 0)
    month_index = np.where(ok, (year - _EPOCH_YEAR) * 12 + month0, 0)
    month_start = month_index.astype("datetime64[M]")
    days_in_month = (month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")
    days_in_month = days_in_month.astype("int64")
    bad_day = ok & has_day & ((day < 1) | (day > days_in_month))
    error[bad_day] = 4
    ok &= ~bad_day

    month_start_d = month_start.astype("datetime64[D]")
    day_start = month_start_d + np.where(has_day & ok, day - 1, 0)
    year_start = (year - _EPOCH_YEAR).clip(min=-_EPOCH_YEAR).astype("datetime64[Y]")
    start = np.where(
        has_day, day_start, np.where(has_month, month_start_d, year_start.astype("datetime64[D]"))
    )
    end = np.where(
        has_day,
        day_start + 1,
        np.where(
            has_month,
            (month_start + 1).astype("datetime64[D]"),
            (year_start + 1).astype("datetime64[D]"),
        ),
    )
    start = start.astype("datetime64[us]")
    end = end.astype("datetime64[us]")
    start[~ok] = np.datetime64("NaT")
    end[~ok] = np.datetime64("NaT")
    precision = np.where(ok, np.where(has_day, 2, np.where(has_month, 1, 0)), -1)
    return {
        "start": start,
        "end": end,
        "precision": precision,
        "year": np.where(ok, year, 0),
        "month": np.where(ok & has_month, month, 0),
        "day": np.where(ok & has_day, day, 0),
        "valid": ok,
        "error": error,
    }


def _digits(parts: pa.StructArray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """One extracted group as int64 (0 where absent) and whether it was present."""
    field = pc.fill_null(pc.struct_field(parts, name), "")
    present = np.asarray(pc.not_equal(field, ""), dtype=bool)
    number = pc.cast(pc.if_else(present, field, "0"), pa.int64())
    return np.asarray(number, dtype="int64"), present


def _label(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> pd.Series:
    """'1961', 'September 2023' or '19 June 2024', chosen by which parts are present."""
    year_s = pd.Series(year.astype(str), dtype="str")
    month_name = pd.Series(MONTH_NAMES[np.clip(month - 1, 0, 11)], dtype="str")
    day_s = pd.Series(day.astype(str), dtype="str")
    label = year_s.where(month == 0, month_name + " " + year_s)
    return label.where(day == 0, day_s + " " + month_name + " " + year_s)


def date_labels(start: pd.DataFrame, end: pd.DataFrame | None = None) -> pd.Series:
    """Human labels for dates (``parse_dates`` frames), written at their own precision.

    With ``end``, spans read compactly: '18–19 June 2024', 'June – July 2024',
    '1961 – 1965'. Rows without an end get the start label alone. Each distinct date (or
    span) is written once and shared: a million events hold far fewer distinct dates.
    """
    key = _date_key(start)
    if end is not None:
        key = key * _KEY_RANGE + _date_key(end)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    one = start.iloc[first].reset_index(drop=True)
    other = None if end is None else end.iloc[first].reset_index(drop=True)
    labels = pa.array(_labels(one, other), type=pa.large_string())
    taken = labels.take(pa.array(inverse.reshape(-1)))
    return pd.Series(pd.array(taken, dtype="str"), index=start.index)


_KEY_RANGE = 2 * 10_000 * 100 * 100  # valid flag x year x month x day


def _date_key(frame: pd.DataFrame) -> np.ndarray:
    """One int64 per date that tells dates apart exactly as their labels do."""
    year, month, day = (frame[c].to_numpy(dtype="int64") for c in ("year", "month", "day"))
    valid = frame["valid"].to_numpy(dtype="int64")
    return ((year * 100 + month) * 100 + day) * 2 + valid


def _labels(start: pd.DataFrame, end: pd.DataFrame | None) -> pd.Series:
    """The labels, row by row (vectorised), for :func:`date_labels`."""
    y1, m1, d1 = (start[c].to_numpy() for c in ("year", "month", "day"))
    first = _label(y1, m1, d1).where(start["valid"].to_numpy(), "")
    if end is None:
        return pd.Series(first.to_numpy(), index=start.index, dtype="str")
    y2, m2, d2 = (end[c].to_numpy() for c in ("year", "month", "day"))
    second = _label(y2, m2, d2)
    has_end = end["valid"].to_numpy()
    same_year = y1 == y2
    both_day = (d1 > 0) & (d2 > 0)
    both_month = (m1 > 0) & (m2 > 0) & (d1 == 0) & (d2 == 0)
    month1 = pd.Series(MONTH_NAMES[np.clip(m1 - 1, 0, 11)], dtype="str")
    d1s = pd.Series(d1.astype(str), dtype="str")
    day1_month1 = d1s + " " + month1
    generic = first + " – " + second
    label = generic
    label = label.where(~(both_month & same_year), month1 + " – " + second)
    label = label.where(~(both_day & same_year), day1_month1 + " – " + second)
    same_month = both_day & same_year & (m1 == m2)
    label = label.where(~same_month, d1s + "–" + second)
    identical = (y1 == y2) & (m1 == m2) & (d1 == d2)
    label = label.where(has_end & ~identical, first)
    return pd.Series(label.to_numpy(), index=start.index, dtype="str")
