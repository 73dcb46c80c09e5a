"""Synthetic events: dates that cluster like real event data, actors and themes, spans, and
the events table of one part (see :mod:`timeline.synth`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timeline.model.dates import MONTH_NAMES
from timeline.synth.names import ACTORS, THEME_NAMES, THEMES

_FIRST_DAY = np.datetime64("1950-01-01", "D")
_LAST_DAY = np.datetime64("2025-12-31", "D")
_PRECISION_P = (0.07, 0.13, 0.80)  # year, month, day
ACTOR_COUNT_P = (0.25, 0.45, 0.20, 0.10)  # 1..4 actors
_BASIS_P = (0.75, 0.17, 0.08)  # stated, relative, external
_SPAN_SHARE = 0.10
_BURST_SHARE = 0.45
_BASIS_NOTES = (
    "",
    "Dated relative to the article's publication ('last week', 'on Tuesday').",
    "Date from an outside chronology; the article does not state it.",
)


@dataclass(frozen=True)
class Dates:
    """Event start days with their precision codes (0 year, 1 month, 2 day)."""

    day: np.ndarray  # datetime64[D]
    precision: np.ndarray  # int8


def draw_dates(rng: np.random.Generator, n: int) -> Dates:
    """Start days: a few before 1677, bursts around crises, a background growing to 2025."""
    n_early = min(n, max(3, n // 2000))
    n_burst = int((n - n_early) * _BURST_SHARE)
    n_background = n - n_early - n_burst
    total = int((_LAST_DAY - _FIRST_DAY).astype(int))
    background = _recent_weighted(rng, n_background, total)
    n_crises = int(np.clip(n // 500, 3, 400))
    centres = _recent_weighted(rng, n_crises, total)
    weight = rng.pareto(1.2, n_crises) + 1
    crisis = rng.choice(n_crises, size=n_burst, p=weight / weight.sum())
    width = rng.lognormal(np.log(20), 0.8, n_crises)
    burst = centres[crisis] + (rng.exponential(1.0, n_burst) * width[crisis]).astype("int64")
    early_years = rng.integers(1400, 1677, n_early)
    early = (early_years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    early = early + rng.integers(0, 365, n_early).astype("timedelta64[D]")
    offsets = np.concatenate([background, np.minimum(burst, total)])
    day = np.concatenate([early, _FIRST_DAY + offsets.astype("timedelta64[D]")])
    precision = rng.choice(3, size=n, p=_PRECISION_P).astype("int8")
    precision[:n_early] = np.where(rng.random(n_early) < 0.7, 0, 1)
    return Dates(day=day, precision=precision)


def _recent_weighted(rng: np.random.Generator, n: int, total: int) -> np.ndarray:
    """Day offsets in [0, total] with density growing exponentially towards the end."""
    tau = total / 3.0
    u = rng.random(n)
    return (tau * np.log1p(u * np.expm1(total / tau))).astype("int64").clip(0, total)


def burst_of(rng: np.random.Generator, dates: Dates, n: int) -> np.ndarray:
    """A cluster id per event (its crisis, roughly: the 30-day window), for coherent actors."""
    days = dates.day.astype("int64")
    window = (days - days.min()) // 30
    _, cluster = np.unique(window, return_inverse=True)
    return cluster.astype("int64")


def draw_names(
    rng: np.random.Generator,
    n_names: int,
    count_p: tuple[float, ...],
    cluster: np.ndarray,
    n: int,
    skew: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct names per event: an (n, k) index array and a mask of the ones kept.

    Popularity is Zipf-like; events of the same 30-day window tend to share their first names,
    as events of one crisis involve the same parties.
    """
    k = len(count_p)
    weight = 1.0 / np.arange(1, n_names + 1) ** skew
    draws = rng.choice(n_names, size=(n, k), p=weight / weight.sum())
    favourite = rng.choice(n_names, size=(cluster.max() + 1, k), p=weight / weight.sum())
    coherent = rng.random((n, k)) < 0.6
    draws = np.where(coherent, favourite[cluster], draws)
    distinct = np.ones((n, k), dtype=bool)
    for j in range(1, k):
        distinct[:, j] = (draws[:, j, None] != draws[:, :j]).all(axis=1)
    wanted = rng.choice(k, size=n, p=count_p) + 1
    keep = distinct & (np.cumsum(distinct, axis=1) <= wanted[:, None])
    return draws, keep


@dataclass(frozen=True)
class _Spans:
    has_end: np.ndarray
    end_day: np.ndarray  # datetime64[D], meaningful where has_end


def draw_spans(rng: np.random.Generator, dates: Dates) -> _Spans:
    """About 10% spans, ending strictly later at the start's own precision."""
    n = len(dates.day)
    has_end = rng.random(n) < _SPAN_SHARE
    days = rng.lognormal(np.log(30), 1.0, n).astype("int64") + 1
    months = rng.integers(1, 24, n)
    years = rng.integers(1, 10, n)
    start_m = dates.day.astype("datetime64[M]")
    start_y = dates.day.astype("datetime64[Y]")
    end_day = np.select(
        [dates.precision == 2, dates.precision == 1],
        [
            dates.day + days.astype("timedelta64[D]"),
            (start_m + months.astype("timedelta64[M]")).astype("datetime64[D]"),
        ],
        (start_y + years.astype("timedelta64[Y]")).astype("datetime64[D]"),
    )
    return _Spans(has_end=has_end, end_day=end_day)


def _iso(day: np.ndarray, precision: np.ndarray) -> pd.Series:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' per precision code."""
    full = pd.Series(np.datetime_as_string(day, unit="D"), dtype="str")
    return full.str.slice(0, 4).where(
        precision == 0, full.str.slice(0, 7).where(precision == 1, full)
    )


def _spoken(day: np.ndarray, precision: np.ndarray) -> pd.Series:
    """'On 12 March 1987', 'In March 1987' or 'In 1987', as an article would write it."""
    year = pd.Series((day.astype("datetime64[Y]").astype("int64") + 1970).astype(str), dtype="str")
    month_no = day.astype("datetime64[M]").astype("int64") % 12
    month = pd.Series(MONTH_NAMES[month_no], dtype="str")
    dom = (day - day.astype("datetime64[M]").astype("datetime64[D]")).astype("int64") + 1
    dom_s = pd.Series(dom.astype(str), dtype="str")
    spoken = ("In " + year).where(precision == 0, "In " + month + " " + year)
    return spoken.where(precision != 2, "On " + dom_s + " " + month + " " + year)


def _names(table: tuple[str, ...], idx: np.ndarray, keep: np.ndarray) -> list[pd.Series]:
    """One str column per slot: the name where kept, else ''."""
    names = np.asarray(table, dtype=object)
    return [
        pd.Series(np.where(keep[:, j], names[idx[:, j]], ""), dtype="str")
        for j in range(idx.shape[1])
    ]


def _joined(parts: list[pd.Series], sep: str) -> pd.Series:
    """Join the non-empty parts of each row with ``sep``."""
    out = parts[0]
    for part in parts[1:]:
        out = out + (sep + part).where(part != "", "")
    return out


def _prose_list(parts: list[pd.Series]) -> pd.Series:
    """'A', 'A and B', 'A, B and C' (parts are left-packed: empties only at the end)."""
    count = sum((p != "").astype("int64") for p in parts)
    out = parts[0]
    for j, part in enumerate(parts[1:], start=1):
        last = count == j + 1
        piece = (" and " + part).where(last, ", " + part)
        out = out + piece.where(part != "", "")
    return out


def _pack(idx: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Move kept names to the left of each row, preserving order."""
    order = np.argsort(~keep, axis=1, kind="stable")
    return np.take_along_axis(idx, order, axis=1), np.take_along_axis(keep, order, axis=1)


def events_frame(
    rng: np.random.Generator,
    dates: Dates,
    spans: _Spans,
    actor_idx: np.ndarray,
    actor_ok: np.ndarray,
    theme_idx: np.ndarray,
    theme_ok: np.ndarray,
    *,
    first: int = 0,
    width: int | None = None,
) -> pd.DataFrame:
    """The events table in time order, with the phrases the articles will reuse; ids count
    from ``first`` + 1, ``width`` digits long."""
    n = len(dates.day)
    # the loader's order (period start, then id) is the file's order: ids follow it
    period_start = np.select(
        [dates.precision == 2, dates.precision == 1],
        [dates.day, dates.day.astype("datetime64[M]").astype("datetime64[D]")],
        dates.day.astype("datetime64[Y]").astype("datetime64[D]"),
    )
    order = np.lexsort((dates.day, period_start))
    day, precision = dates.day[order], dates.precision[order]
    has_end, end_day = spans.has_end[order], spans.end_day[order]
    actor_idx, actor_ok = _pack(actor_idx[order], actor_ok[order])
    theme_idx, theme_ok = _pack(theme_idx[order], theme_ok[order])
    actors = _names(ACTORS, actor_idx, actor_ok)
    themes = _names(THEME_NAMES, theme_idx, theme_ok)
    variant = rng.integers(0, 3, n)
    first_theme = theme_idx[:, 0]
    nouns = np.array([THEMES[t][0][v] for t in THEME_NAMES for v in range(3)], dtype=object)
    verbs = np.array([THEMES[t][1][v] for t in THEME_NAMES for v in range(3)], dtype=object)
    noun = pd.Series(nouns[first_theme * 3 + variant], dtype="str")
    verb = pd.Series(verbs[first_theme * 3 + variant], dtype="str")
    who = _prose_list(actors)
    pair = actors[0] + ("–" + actors[1]).where(actors[1] != "", "")
    basis = rng.choice(3, size=n, p=_BASIS_P)
    numbers = np.arange(first + 1, first + n + 1).astype(str)
    ids = pd.Series(numbers, dtype="str").str.zfill(width or len(str(n)))
    frame = pd.DataFrame(
        {
            "id": "evt-" + ids,
            "date": _iso(day, precision),
            "end_date": _iso(end_day, precision).where(has_end, ""),
            "title": pair + " " + noun,
            "summary": who + " " + verb + ".",
            "actors": _joined(actors, ";"),
            "themes": _joined(themes, ";"),
            "date_basis": pd.Series(np.array(["stated", "relative", "external"])[basis]),
            "note": pd.Series(np.array(_BASIS_NOTES, dtype=object)[basis], dtype="str"),
        }
    )
    frame.attrs["order"] = order
    frame.attrs["spoken"] = _spoken(day, precision)
    frame.attrs["who"] = who
    frame.attrs["verb"] = verb
    frame.attrs["noun"] = noun
    frame.attrs["lead"] = actors[0]
    return frame
