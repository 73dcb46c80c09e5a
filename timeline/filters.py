"""Narrowing a dataset's events: pure functions of (dataset, filters) -> frame.

How selections combine (also said in the app): an event matches when it has **any** of the
chosen actors, **and any** of the chosen themes, **and** a quote from any chosen source,
**and** overlaps the date range, **and** contains every word of the search text (in its title,
summary or quotes). An empty selection does not narrow.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

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


def _members(long: pd.DataFrame, column: str, chosen: tuple[str, ...], n: int) -> np.ndarray:
    """Mask of events having any of the chosen names in a long-form table."""
    mask = np.zeros(n, dtype=bool)
    hits = long.loc[long[column].isin(chosen), "event"].to_numpy()
    mask[hits] = True
    return mask


def _text_matches(dataset: Dataset, query: str) -> np.ndarray:
    """Events whose title, summary or any quote holds every word of the query."""
    events, excerpts = dataset.events, dataset.excerpts
    mask = np.ones(len(events), dtype=bool)
    for term in query.split():
        hit = events["title"].str.contains(term, case=False, regex=False).to_numpy(dtype=bool)
        hit = hit.copy()
        hit |= events["summary"].str.contains(term, case=False, regex=False).to_numpy(dtype=bool)
        in_quote = (
            excerpts["quote"].str.contains(term, case=False, regex=False).to_numpy(dtype=bool)
        )
        hit[excerpts["event"].to_numpy()[in_quote]] = True
        mask &= hit
    return mask


def filter_mask(dataset: Dataset, filters: Filters) -> np.ndarray:
    """Boolean mask over ``dataset.events`` of the events that match. Unknown names match
    nothing; invalid dates do not narrow (see :func:`filter_problems` to report them)."""
    events = dataset.events
    n = len(events)
    mask = np.ones(n, dtype=bool)
    if filters.actors:
        mask &= _members(dataset.event_actors, "actor", filters.actors, n)
    if filters.themes:
        mask &= _members(dataset.event_themes, "theme", filters.themes, n)
    if filters.sources:
        mask &= _members(dataset.excerpts, "source_id", filters.sources, n)
    lo = date_bound(filters.date_from, end=False)
    if lo is not None:
        mask &= events["end"].to_numpy() > lo
    hi = date_bound(filters.date_to, end=True)
    if hi is not None:
        mask &= events["start"].to_numpy() < hi
    query = filters.query[:MAX_QUERY_LENGTH].strip()
    if query:
        mask &= _text_matches(dataset, query)
    return mask


def apply_filters(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The matching events, in time order, keeping their row positions as the index."""
    return dataset.events[filter_mask(dataset, filters)]


def without_unknown(dataset: Dataset, filters: Filters) -> Filters:
    """The same filters with names this dataset does not declare dropped."""
    return replace(
        filters,
        actors=tuple(a for a in filters.actors if a in dataset.actors),
        themes=tuple(t for t in filters.themes if t in dataset.themes),
        sources=tuple(s for s in filters.sources if s in set(dataset.sources["id"])),
    )
