"""The typed, validated dataset that every consumer works from.

Built only by :func:`timeline.load.load_dataset`. Frames are read-only by convention:
filters return new frames and never modify these.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from timeline.model.columns import arrow_chunks
from timeline.model.dates import date_labels, parse_dates
from timeline.model.index import DatasetIndex, build_index
from timeline.model.metadata import Metadata
from timeline.model.problems import Problem
from timeline.model.quotes import Article


@dataclass(frozen=True)
class Whole:
    """What a slice of a dataset knows of the whole it was read from: how many events it
    has, its first start and last end, and each of the slice's events' row in it."""

    events: int
    bounds: tuple[np.datetime64, np.datetime64] | None
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))
    kept: int | None = None  # for a view's slice: how many events of the whole its filters keep


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset folder.

    ``events`` (one row per event, sorted by ``start`` then ``id``; the index is a RangeIndex
    that ``event_actors``/``event_themes``/``excerpts`` refer to as ``event``):

    - ``id``, ``title``, ``summary``, ``note``: str; ``date``, ``end_date``: the strings as
      written ("" when no end);
    - ``start``, ``end``: ``datetime64[us]``, the whole period the event covers, end exclusive
      (a year-precision ``1961`` is ``[1961-01-01, 1962-01-01)``);
    - ``precision``, ``end_precision``: categorical year/month/day (NaN when no end);
    - ``date_label``: the date as a person writes it at its precision ("1961",
      "September 2023", "18–19 June 2024");
    - ``date_basis``: categorical stated/relative/external;
    - ``actors``, ``themes``: lists of names, in file order (events naming the same names
      share one list object: never mutate them);
    - ``n_sources``: number of distinct articles quoted for the event; ``n_excerpts``;
    - any extra columns of the file, as str.

    ``event_actors`` / ``event_themes``: long form (``event`` row position, ``actor``/``theme``
    categorical in vocabulary order), for vectorised filtering and lanes.

    ``excerpts``: ``event`` (row position), ``event_id``, ``source_id``, ``quote``, and
    ``quote_start``/``quote_end``, the character span of the quote in its article, computed at
    load time.

    ``sources``: ``id``, ``title``, ``published``, ``published_label``, ``file``, ``note``.
    ``articles`` maps source id to :class:`~timeline.model.quotes.Article` (text and matching).
    ``metadata``: the dataset's title, description, author and licence (``metadata.json``).
    ``actors`` / ``themes``: declared names in vocabulary order. ``warnings``: non-fatal
    problems found while loading.
    """

    root: Path
    events: pd.DataFrame
    event_actors: pd.DataFrame
    event_themes: pd.DataFrame
    excerpts: pd.DataFrame
    sources: pd.DataFrame
    vocabulary: pd.DataFrame
    articles: dict[str, Article]
    actors: tuple[str, ...]
    themes: tuple[str, ...]
    warnings: tuple[Problem, ...] = field(default=())
    metadata: Metadata = field(default_factory=Metadata)
    # a slice of a larger dataset (a pack too large to load, viewed a few events at a time)
    whole: Whole | None = None

    @property
    def total(self) -> int:
        """How many events the dataset has: all of them, not just this slice's ("12 of
        20,000,000" in a caption)."""
        return len(self.events) if self.whole is None else self.whole.events

    def bounds(self) -> tuple[np.datetime64, np.datetime64] | None:
        """The first start and the last end of all the dataset's events (of the whole, for a
        slice); None when it has none."""
        if self.whole is not None:
            return self.whole.bounds
        if self.events.empty:
            return None
        return self.events["start"].min().to_datetime64(), self.events["end"].max().to_datetime64()

    @cached_property
    def index(self) -> DatasetIndex:
        """Derived arrays (codes, texts, geometry), built on first use and kept with the data."""
        return build_index(self)

    def row_of(self, event_id: str) -> int | None:
        """The row of the event with this id in ``events``, or None (one pass in arrow: a
        comparison in pandas would build a million booleans to find one row)."""
        row = pc.index(arrow_chunks(self.events["id"]), event_id).as_py()
        return None if row < 0 else int(row)

    def summary(self) -> str:
        """One line: counts and date range, as ``timeline check`` prints it."""
        return (
            f"{counted(len(self.events), 'event')}, {counted(len(self.sources), 'source')}, "
            f"{counted(len(self.excerpts), 'excerpt')}, {counted(len(self.actors), 'actor')}, "
            f"{counted(len(self.themes), 'theme')}; {date_span(self.events)}"
        )


def counted(n: int, noun: str) -> str:
    """'1 event', '2 events': a count with its noun in the right number."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def date_span(events: pd.DataFrame) -> str:
    """'1961 – 20 June 2024': from the earliest start to the latest end, each written at its
    own precision (never a padded or invented day)."""
    if events.empty:
        return "no dates"
    first = str(events["date"].iloc[int(events["start"].argmin())])
    last_row = events.iloc[int(events["end"].argmax())]
    return span_label(first, str(last_row["end_date"] or last_row["date"]))


@functools.lru_cache(maxsize=4096)
def span_label(first: str, last: str) -> str:
    """Two ISO dates of any precision as one compact span, as event dates are written
    ('28 March – 20 June 2024', 'March – June 2024', '1961 – 2024'); one date when equal."""
    if first == last:
        return plain_date(first)
    start, end = parse_dates(pd.Series([first])), parse_dates(pd.Series([last]))
    return str(date_labels(start, end).iloc[0])


@functools.lru_cache(maxsize=4096)
def plain_date(iso: str) -> str:
    """An ISO date of any precision as a person writes it (remembered: the vectorised parser
    costs milliseconds for one value, and pages and captions ask for the same few dates)."""
    return str(date_labels(parse_dates(pd.Series([iso]))).iloc[0])
