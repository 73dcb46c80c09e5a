"""Narrowing a dataset's events: pure functions of (dataset, filters) -> frame.

How selections combine (also said in the app): an event matches when it has **any** of the
chosen actors, **and any** of the chosen themes, **and** a quote from any chosen source,
**and** overlaps the date range, **and** contains every word of the search text (in its title,
summary or quotes). An empty selection does not narrow.
"""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.columns import arrow_strings
from timeline.dataset import Dataset
from timeline.dates import DATE_FORMAT_HINT, parse_dates

MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Filters:
    """What the user has chosen. Dates are ISO strings at any precision (``2023``,
    ``2023-09``, ``2023-09-13``); ``date_from`` includes its whole period, and so does
    ``date_to`` (``to=2023`` keeps events in December 2023)."""

    actors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    query: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.actors
            or self.themes
            or self.sources
            or self.date_from
            or self.date_to
            or self.query.strip()
        )

    def describe(self, dataset: Dataset | None = None) -> str:
        """A one-line human description, e.g. for an exported chart's subtitle."""
        parts: list[str] = []
        if self.actors:
            parts.append("actors: " + " or ".join(self.actors))
        if self.themes:
            parts.append("themes: " + " or ".join(self.themes))
        if self.sources:
            titles = self.sources
            if dataset is not None:
                lookup = dict(zip(dataset.sources["id"], dataset.sources["title"], strict=True))
                titles = tuple(lookup.get(s, s) for s in self.sources)
            parts.append("source: " + " or ".join(titles))
        if self.date_from or self.date_to:
            parts.append(f"dates: {self.date_from or '…'} to {self.date_to or '…'}")
        if self.query.strip():
            parts.append(f'search: "{self.query.strip()}"')
        return "; ".join(parts) if parts else "all events"


def date_bound(value: str | None, *, end: bool) -> np.datetime64 | None:
    """Start (or exclusive end) of a partial ISO date's period; None when absent or invalid."""
    if not value:
        return None
    parsed = parse_dates(pd.Series([value]))
    if not bool(parsed["valid"].iloc[0]):
        return None
    return parsed["end" if end else "start"].to_numpy()[0]


def filter_problems(dataset: Dataset, filters: Filters) -> list[str]:
    """Why these filters cannot apply to this dataset: unknown names, bad dates. Empty if fine."""
    problems: list[str] = []
    for kind, chosen, known in (
        ("actor", filters.actors, dataset.actors),
        ("theme", filters.themes, dataset.themes),
        ("source", filters.sources, tuple(dataset.sources["id"])),
    ):
        for name in chosen:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(f"unknown {kind} {name!r}{hint}")
    for label, value in (("from", filters.date_from), ("to", filters.date_to)):
        if value and date_bound(value, end=False) is None:
            problems.append(f"{label} date {value!r} is not {DATE_FORMAT_HINT}")
    lo, hi = date_bound(filters.date_from, end=False), date_bound(filters.date_to, end=True)
    if lo is not None and hi is not None and hi <= lo:
        problems.append(f"from date {filters.date_from!r} is after to date {filters.date_to!r}")
    if len(filters.query) > MAX_QUERY_LENGTH:
        problems.append(f"search text is longer than {MAX_QUERY_LENGTH} characters")
    return problems


@dataclass(frozen=True)
class _Index:
    """What filtering reads, prepared once per dataset: category codes as numpy arrays and
    the searchable texts as arrow arrays (a filter change then does no conversions)."""

    actor_event: np.ndarray
    actor_code: np.ndarray
    theme_event: np.ndarray
    theme_code: np.ndarray
    excerpt_event: np.ndarray
    source_code: np.ndarray
    source_ids: pd.Index
    title: pa.Array
    summary: pa.Array
    quote: pa.Array


_INDEXES: dict[int, tuple[weakref.ref, _Index]] = {}


def _index(dataset: Dataset) -> _Index:
    """The dataset's :class:`_Index`, built on first use and dropped with the dataset."""
    key = id(dataset)
    cached = _INDEXES.get(key)
    if cached is not None and cached[0]() is dataset:
        return cached[1]
    source_code, source_ids = pd.factorize(dataset.excerpts["source_id"])
    index = _Index(
        actor_event=dataset.event_actors["event"].to_numpy(),
        actor_code=dataset.event_actors["actor"].cat.codes.to_numpy(),
        theme_event=dataset.event_themes["event"].to_numpy(),
        theme_code=dataset.event_themes["theme"].cat.codes.to_numpy(),
        excerpt_event=dataset.excerpts["event"].to_numpy(),
        source_code=np.asarray(source_code),
        source_ids=pd.Index(source_ids),
        title=arrow_strings(dataset.events["title"]),
        summary=arrow_strings(dataset.events["summary"]),
        quote=arrow_strings(dataset.excerpts["quote"]),
    )
    _INDEXES[key] = (weakref.ref(dataset, lambda _, key=key: _INDEXES.pop(key, None)), index)
    return index


def _members(
    event: np.ndarray, code: np.ndarray, known: Sequence[str], chosen: tuple[str, ...], n: int
) -> np.ndarray:
    """Mask of events having any of the chosen names, from (event, name code) pairs."""
    wanted = np.zeros(len(known) + 1, dtype=bool)  # the extra slot is code -1 (no name)
    positions = pd.Index(known).get_indexer(list(chosen))
    wanted[positions[positions >= 0]] = True
    mask = np.zeros(n, dtype=bool)
    mask[event[wanted[code]]] = True
    return mask


def _text_matches(dataset: Dataset, query: str, within: np.ndarray) -> np.ndarray:
    """Of the events in ``within``, those whose title, summary or any quote holds every word
    of the query (case-insensitive). Only those events' texts are searched."""
    index = _index(dataset)
    n = len(within)
    rows = np.flatnonzero(within)
    title, summary, quote, quote_event = index.title, index.summary, index.quote, None
    if len(rows) < n // 2:  # search the candidates only, in local positions
        local = np.full(n, -1, dtype="int64")
        local[rows] = np.arange(len(rows))
        quoted = within[index.excerpt_event]
        title, summary = title.take(rows), summary.take(rows)
        quote = quote.filter(pa.array(quoted))
        quote_event = local[index.excerpt_event[quoted]]
    else:
        rows = np.arange(n)
        quote_event = index.excerpt_event
    mask = np.ones(len(rows), dtype=bool)
    for term in _distinct_terms(query):
        hit = _contains(title, term) | _contains(summary, term)
        hit[quote_event[_contains(quote, term)]] = True
        mask &= hit
    result = np.zeros(n, dtype=bool)
    result[rows[mask]] = True
    return result & within


def _distinct_terms(query: str) -> list[str]:
    """The query's words, each once: a word that matches exactly what an earlier one matches
    (the same letters up to case, folded as :func:`_contains` folds them) is dropped."""
    terms: list[str] = []
    for term in query.split():
        if not any(len(t) == len(term) and _contains(pa.array([t]), term)[0] for t in terms):
            terms.append(term)
    return terms


def _contains(texts: pa.Array, term: str) -> np.ndarray:
    """Case-insensitive substring test, as ``Series.str.contains(term, case=False,
    regex=False)`` does it for arrow-backed text."""
    found = pc.match_substring(texts, term, ignore_case=True)
    return np.asarray(found.fill_null(False), dtype=bool)


def filter_mask(dataset: Dataset, filters: Filters) -> np.ndarray:
    """Boolean mask over ``dataset.events`` of the events that match. Unknown names match
    nothing; invalid dates do not narrow (see :func:`filter_problems` to report them)."""
    events = dataset.events
    n = len(events)
    mask = np.ones(n, dtype=bool)
    index = _index(dataset) if filters.actors or filters.themes or filters.sources else None
    if filters.actors and index is not None:
        categories = dataset.event_actors["actor"].cat.categories
        mask &= _members(index.actor_event, index.actor_code, categories, filters.actors, n)
    if filters.themes and index is not None:
        categories = dataset.event_themes["theme"].cat.categories
        mask &= _members(index.theme_event, index.theme_code, categories, filters.themes, n)
    if filters.sources and index is not None:
        mask &= _members(
            index.excerpt_event, index.source_code, index.source_ids, filters.sources, n
        )
    lo = date_bound(filters.date_from, end=False)
    if lo is not None:
        mask &= events["end"].to_numpy() > lo
    hi = date_bound(filters.date_to, end=True)
    if hi is not None:
        mask &= events["start"].to_numpy() < hi
    query = filters.query[:MAX_QUERY_LENGTH].strip()
    if query:
        mask &= _text_matches(dataset, query, mask)
    return mask


def apply_filters(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The matching events, in time order, keeping their row positions as the index."""
    return dataset.events[filter_mask(dataset, filters)]
