"""The facets a user narrows events by, each declared once.

A facet owns everything about one way of filtering: the :class:`Filters` attributes it
fills, the URL parameter, the command-line option and the control that set them, the mask it
computes, the sentence that says how it combines, and the phrase that describes a choice. The
URL codec, the CLI, the page and the export caption are generic over :data:`FACETS`, so adding
a facet is a new class here (and a field of :class:`Filters`) plus its tests.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.model.dates import parse_dates
from timeline.query.fields import DATE_PLACEHOLDER, Field, Invalid, Names, PartialDate, Words

if TYPE_CHECKING:
    from timeline.model.dataset import Dataset
    from timeline.model.index import Pairs

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

    def describe(self, dataset: Dataset | None = None) -> str:
        """A one-line description in the interface's terms, e.g. for a file name."""
        parts = [p for facet in FACETS if (p := facet.describe(self, dataset))]
        return "; ".join(parts) if parts else "all events"

    def phrases(self, dataset: Dataset | None = None) -> list[str]:
        """The filters as phrases of a sentence about events, for captions ('involving
        China or Russia', 'about treaty', 'mentioning "visit"'); a date filter is said by
        the caption's span instead."""
        return [p for facet in FACETS if (p := facet.phrase(self, dataset))]


def date_bound(value: str | None, *, end: bool) -> np.datetime64 | None:
    """Start (or exclusive end) of a partial ISO date's period; None when absent or invalid."""
    if not value:
        return None
    parsed = parse_dates(pd.Series([value]))
    if not bool(parsed["valid"].iloc[0]):
        return None
    return parsed["end" if end else "start"].to_numpy()[0]


def search_terms(query: str) -> list[str]:
    """The distinct words of a search, lower-cased: a repeated word is searched once."""
    return list(dict.fromkeys(w.lower() for w in query[:MAX_QUERY_LENGTH].split()))


class Facet:
    """Base class: a way of narrowing events. Subclasses set ``fields`` and ``rule``."""

    fields: tuple[Field, ...] = ()
    rule: str = ""  # how it combines, e.g. "has any of the chosen actors"

    def mask(self, dataset: Dataset, filters: Filters, within: np.ndarray) -> np.ndarray | None:
        """Events (of those in ``within``) this facet keeps; None when it does not narrow."""
        raise NotImplementedError

    def describe(self, filters: Filters, dataset: Dataset | None) -> str | None:
        raise NotImplementedError

    def phrase(self, filters: Filters, dataset: Dataset | None) -> str | None:
        """This facet's choice as a phrase about events (None: it says nothing)."""
        return None

    def problems(self, dataset: Dataset, filters: Filters) -> list[str]:
        return []

    def choices(self, dataset: Dataset) -> list[dict[str, str]]:
        """Options of a ``names`` control (value and label)."""
        return []

    def known(self, dataset: Dataset) -> Sequence[str]:
        """Names a ``names`` field may take on this dataset (unknown ones are dropped)."""
        return ()


def _either(names: Sequence[str]) -> str:
    """'China', 'China or Russia', 'China, Iran or Russia'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _members(pairs: Pairs, chosen: tuple[str, ...], n: int) -> np.ndarray:
    """Mask of events having any of the chosen names, from (event, name code) pairs."""
    positions = pd.Index(pairs.names).get_indexer(list(chosen))
    mask = np.zeros(n, dtype=bool)
    mask[pairs.events_of(np.unique(positions[positions >= 0]))] = True
    return mask


def _unknown(kind: str, chosen: tuple[str, ...], known: Sequence[str]) -> list[str]:
    problems = []
    for name in chosen:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(f"unknown {kind} {name!r}{hint}")
    return problems


class NamesFacet(Facet):
    """Events having any of the chosen names of one vocabulary kind (actor or theme)."""

    def __init__(self, kind: Literal["actor", "theme"], label: str) -> None:
        self.kind = kind
        self.attr = f"{kind}s"
        self.fields = (
            Field(
                self.attr,
                kind,
                f"--{kind}",
                label,
                Names(),
                f"Keep events with any of these {kind}s (repeat for several).",
                f"Any {kind}",
            ),
        )
        self.rule = f"has any of the chosen {kind}s"

    def known(self, dataset: Dataset) -> Sequence[str]:
        return dataset.actors if self.kind == "actor" else dataset.themes

    def choices(self, dataset: Dataset) -> list[dict[str, str]]:
        return [{"label": name, "value": name} for name in self.known(dataset)]

    def mask(self, dataset: Dataset, filters: Filters, within: np.ndarray) -> np.ndarray | None:
        chosen = getattr(filters, self.attr)
        if not chosen:
            return None
        return _members(dataset.index.lanes(self.kind), chosen, len(within))

    def describe(self, filters: Filters, dataset: Dataset | None) -> str | None:
        chosen = getattr(filters, self.attr)
        return f"{self.attr}: " + " or ".join(chosen) if chosen else None

    def phrase(self, filters: Filters, dataset: Dataset | None) -> str | None:
        chosen = getattr(filters, self.attr)
        verb = "involving" if self.kind == "actor" else "about"
        return f"{verb} {_either(chosen)}" if chosen else None

    def problems(self, dataset: Dataset, filters: Filters) -> list[str]:
        return _unknown(self.kind, getattr(filters, self.attr), self.known(dataset))


class SourceFacet(Facet):
    """Events quoted from any of the chosen source articles."""

    fields = (
        Field(
            "sources",
            "source",
            "--source",
            "Source article",
            Names(),
            "Keep events quoted from this source id (repeat for several).",
            "Any source",
        ),
    )
    rule = "has a quote from any chosen source"

    def known(self, dataset: Dataset) -> Sequence[str]:
        return tuple(dataset.sources["id"].tolist())

    def choices(self, dataset: Dataset) -> list[dict[str, str]]:
        s = dataset.sources
        return [
            {"label": f"{title} ({published})", "value": source_id}
            for source_id, title, published in zip(
                s["id"].tolist(), s["title"].tolist(), s["published_label"].tolist(), strict=True
            )
        ]

    def mask(self, dataset: Dataset, filters: Filters, within: np.ndarray) -> np.ndarray | None:
        if not filters.sources:
            return None
        return _members(dataset.index.sources, filters.sources, len(within))

    def describe(self, filters: Filters, dataset: Dataset | None) -> str | None:
        if not filters.sources:
            return None
        titles = filters.sources
        if dataset is not None:
            lookup = dict(zip(dataset.sources["id"], dataset.sources["title"], strict=True))
            titles = tuple(lookup.get(s, s) for s in filters.sources)
        return "source: " + " or ".join(titles)

    def phrase(self, filters: Filters, dataset: Dataset | None) -> str | None:
        described = self.describe(filters, dataset)
        return "reported in " + described.removeprefix("source: ") if described else None

    def problems(self, dataset: Dataset, filters: Filters) -> list[str]:
        return _unknown("source", filters.sources, self.known(dataset))


class DateRangeFacet(Facet):
    """Events whose whole period overlaps [from, to], each bound at its own precision."""

    fields = (
        Field(
            "date_from",
            "from",
            "--from",
            "From",
            PartialDate(),
            "Start date (ISO, any precision).",
            DATE_PLACEHOLDER,
        ),
        Field(
            "date_to",
            "to",
            "--to",
            "To",
            PartialDate(),
            "End date, inclusive (ISO, any precision).",
            DATE_PLACEHOLDER,
        ),
    )
    rule = "falls within the dates"

    def mask(self, dataset: Dataset, filters: Filters, within: np.ndarray) -> np.ndarray | None:
        lo = date_bound(filters.date_from, end=False)
        hi = date_bound(filters.date_to, end=True)
        if lo is None and hi is None:
            return None
        mask = np.ones(len(within), dtype=bool)
        if lo is not None:
            mask &= dataset.events["end"].to_numpy() > lo
        if hi is not None:
            mask &= dataset.events["start"].to_numpy() < hi
        return mask

    def describe(self, filters: Filters, dataset: Dataset | None) -> str | None:
        if not (filters.date_from or filters.date_to):
            return None
        return f"dates: {filters.date_from or '…'} to {filters.date_to or '…'}"

    @staticmethod
    def order_problem(filters: Filters) -> str | None:
        """Why ``to`` cannot apply with ``from`` (it ends before ``from`` begins), or None."""
        lo = date_bound(filters.date_from, end=False)
        hi = date_bound(filters.date_to, end=True)
        if lo is not None and hi is not None and hi <= lo:
            return f"to date {filters.date_to!r} ends before from date {filters.date_from!r} begins"
        return None

    def problems(self, dataset: Dataset, filters: Filters) -> list[str]:
        problems = []
        for f in self.fields:
            if value := getattr(filters, f.attr):
                try:
                    f.kind.parse(value)
                except Invalid as exc:
                    problems.append(f"{f.param} date {value!r} is {exc}")
        order = self.order_problem(filters)
        return [*problems, order] if order else problems


class SearchFacet(Facet):
    """Events whose title, summary or any quote holds every searched word (any case)."""

    fields = (
        Field(
            "query",
            "q",
            "--q",
            "Search",
            Words(MAX_QUERY_LENGTH),
            "Words that must appear in title, summary or quotes.",
            "Words in title, summary or quotes",
        ),
    )
    rule = "contains every searched word (in its title, summary or quotes)"

    def mask(self, dataset: Dataset, filters: Filters, within: np.ndarray) -> np.ndarray | None:
        terms = search_terms(filters.query)
        if not terms:
            return None
        return _text_matches(dataset, terms, within)

    def describe(self, filters: Filters, dataset: Dataset | None) -> str | None:
        return f'search: "{filters.query.strip()}"' if filters.query.strip() else None

    def phrase(self, filters: Filters, dataset: Dataset | None) -> str | None:
        return f"mentioning “{filters.query.strip()}”" if filters.query.strip() else None

    def problems(self, dataset: Dataset, filters: Filters) -> list[str]:
        try:
            self.fields[0].kind.parse(filters.query)
        except Invalid as exc:
            return [f"search text is {str(exc).split(';')[0]}"]
        return []


def _text_matches(dataset: Dataset, terms: list[str], within: np.ndarray) -> np.ndarray:
    """Of the events in ``within``, those whose title, summary or any quote holds every
    term (case-insensitive). Only those events' texts are searched."""
    index = dataset.index
    n = len(within)
    rows = np.flatnonzero(within)
    title, summary, quote = index.title, index.summary, index.quote
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
    for term in terms:
        hit = _contains(title, term) | _contains(summary, term)
        hit[quote_event[_contains(quote, term)]] = True
        mask &= hit
    result = np.zeros(n, dtype=bool)
    result[rows[mask]] = True
    return result & within


def _contains(texts: pa.Array, term: str) -> np.ndarray:
    """Case-insensitive substring test, as ``Series.str.contains(term, case=False,
    regex=False)`` does it for arrow-backed text."""
    found = pc.match_substring(texts, term, ignore_case=True)
    return np.asarray(found.fill_null(False), dtype=bool)


# In this order they narrow, are shown on the page, and are written in URLs and captions.
# The text search is last: it searches only the events the others kept.
FACETS: tuple[Facet, ...] = (
    NamesFacet("actor", "Actors"),
    NamesFacet("theme", "Themes"),
    SourceFacet(),
    DateRangeFacet(),
    SearchFacet(),
)
FIELDS: tuple[Field, ...] = tuple(f for facet in FACETS for f in facet.fields)


def without_inverted_dates(filters: Filters) -> tuple[Filters, str | None]:
    """The filters less a to date that ends before the from date begins, and the notice that
    says so (None when the dates are in order): a link or a typed box still shows a view."""
    problem = DateRangeFacet.order_problem(filters)
    if problem is None:
        return filters, None
    return replace(filters, date_to=None), f"The {problem}; it is ignored"


def combine_text() -> str:
    """How the facets combine, in one sentence (shown under the filters)."""
    rules = ", and ".join(facet.rule for facet in FACETS)
    return f"An event is shown when it {rules}. Empty boxes do not narrow."
