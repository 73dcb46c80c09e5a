"""The questions a view asks of a dataset, behind one interface, and their in-memory answers.

Every question the page, the exports and the report ask of the events is one method of
:class:`QueryEngine`: how many are in view, each facet's choices with their counts, the events
in view in time order (up to a limit), how many of each lane fall in each time bin, and one
event's excerpts. Word search is part of the view's filters. The rules are the facets'
(:mod:`timeline.query.facets`) and the window's (:func:`~timeline.query.view.window_mask`);
:class:`MemoryEngine` answers from a loaded :class:`~timeline.model.dataset.Dataset` with
exactly those functions, and the other engines (:mod:`timeline.query.ibis_engine`) must give
equal answers: ``tests/engines/`` runs the same suite against each.
"""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline.model.dataset import Dataset
from timeline.query.view import ViewState

Kind = Literal["actor", "theme"]
Span = tuple[np.datetime64, np.datetime64]
EXCERPT_COLUMNS = ["source_id", "quote", "quote_start", "quote_end"]


class EngineFailed(Exception):
    """An engine could not answer (a worker lost, the cluster gone, the database's error):
    the message says so in one line; the next question is asked as usual."""


class QueryEngine(Protocol):
    """What the views ask of a dataset. ``row`` is an event's position in time order (the
    dataset's order: by start, then id), the same number on every engine."""

    name: str

    def count(self, view: ViewState) -> int:
        """How many events are in view: kept by the filters, then overlapping the window."""
        ...

    def choices(self, view: ViewState, kind: Kind) -> list[tuple[str, int]]:
        """Each actor (or theme) of the events in view, with how many of them have it; the
        most frequent first, then by name."""
        ...

    def events(self, view: ViewState, *, limit: int) -> pd.DataFrame:
        """The first ``limit`` events in view in time order: ``row``, ``id``, ``title``,
        ``start``, ``end`` (:func:`event_frame`)."""
        ...

    def density(
        self, view: ViewState, *, kind: Kind, bins: int, span: tuple[np.datetime64, np.datetime64]
    ) -> pd.DataFrame:
        """How many events in view of each lane (an actor or a theme) start in each of
        ``bins`` equal bins over ``span`` (an event before or after it counts in the first or
        last): ``lane``, ``bin``, ``count``, by lane then bin, empty cells left out."""
        ...

    def excerpts(self, event_id: str) -> pd.DataFrame:
        """One event's excerpts (:data:`EXCERPT_COLUMNS`), by source id, then place in it."""
        ...

    def span(self, view: ViewState) -> Span | None:
        """The earliest start and the latest end (exclusive) of the events in view, None
        when there are none: what a dense view is drawn over and zoom presets end at."""
        ...

    def extent(self, view: ViewState) -> tuple[int, Span | None]:
        """:meth:`count` and :meth:`span` in one pass over the events: a dense view needs
        both, and each is a scan of every event."""
        ...


def event_frame(
    rows: object, ids: object, titles: object, start: object, end: object
) -> pd.DataFrame:
    """Events as every engine gives them, with one set of types (instants in microseconds)."""
    return pd.DataFrame(
        {
            "row": np.asarray(rows, dtype="int64"),
            "id": np.asarray(ids, dtype=object),
            "title": np.asarray(titles, dtype=object),
            "start": np.asarray(start).astype("datetime64[us]"),
            "end": np.asarray(end).astype("datetime64[us]"),
        }
    )


def density_frame(lane: object, bins: object, count: object) -> pd.DataFrame:
    """A density answer as every engine gives it: by lane then bin, with one set of types."""
    frame = pd.DataFrame(
        {
            "lane": np.asarray(lane, dtype=object),
            "bin": np.asarray(bins, dtype="int64"),
            "count": np.asarray(count, dtype="int64"),
        }
    )
    return frame.sort_values(["lane", "bin"], kind="stable").reset_index(drop=True)


def micros(values: object) -> np.ndarray:
    """Instants as the engines hold them: integer microseconds since 1970 (years 1 to 9999
    fit, and every backend compares and bins integers alike)."""
    return np.asarray(values).astype("datetime64[us]").astype("int64")


def excerpt_frame(found: pd.DataFrame) -> pd.DataFrame:
    """An event's excerpts as every engine gives them: by source id, then place in it."""
    found = found[EXCERPT_COLUMNS].astype({"quote_start": "int64", "quote_end": "int64"})
    return found.sort_values(["source_id", "quote_start"], kind="stable").reset_index(drop=True)


def bin_of(start: np.ndarray, span: tuple[np.datetime64, np.datetime64], bins: int) -> np.ndarray:
    """Each start's bin: ``bins`` equal bins over ``span``, the ends clipped into the first
    and last. Integer microseconds throughout, so every engine bins alike."""
    lo, hi = (int(v) for v in micros(span))
    at = micros(start)
    width = max(hi - lo, 1)
    return np.clip(((at - lo) * bins) // width, 0, bins - 1)


class MemoryEngine:
    """The answers of a dataset loaded in memory (pandas and numpy): the default for a CSV
    folder, and the reference the other engines are tested against."""

    name = "memory"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def _mask(self, view: ViewState) -> np.ndarray:
        return view.in_view(self.dataset)

    def count(self, view: ViewState) -> int:
        return int(self._mask(view).sum())

    def choices(self, view: ViewState, kind: Kind) -> list[tuple[str, int]]:
        pairs = self.dataset.index.lanes(kind)
        keep = self._mask(view)[pairs.event] & (pairs.code >= 0)
        counts = np.bincount(pairs.code[keep], minlength=len(pairs.names))
        found = [(str(pairs.names[i]), int(n)) for i, n in enumerate(counts) if n]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def events(self, view: ViewState, *, limit: int) -> pd.DataFrame:
        rows = np.flatnonzero(self._mask(view))[:limit]
        frame = self.dataset.events.iloc[rows]
        return event_frame(rows, frame["id"], frame["title"], frame["start"], frame["end"])

    def density(
        self, view: ViewState, *, kind: Kind, bins: int, span: tuple[np.datetime64, np.datetime64]
    ) -> pd.DataFrame:
        pairs = self.dataset.index.lanes(kind)
        keep = self._mask(view)[pairs.event] & (pairs.code >= 0)
        events, codes = pairs.event[keep], pairs.code[keep]
        start = self.dataset.events["start"].to_numpy(dtype="datetime64[us]")[events]
        frame = pd.DataFrame(
            {"lane": np.asarray(pairs.names, dtype=object)[codes], "bin": bin_of(start, span, bins)}
        )
        counted = frame.groupby(["lane", "bin"], sort=True).size().reset_index(name="count")
        return density_frame(counted["lane"], counted["bin"], counted["count"])

    def excerpts(self, event_id: str) -> pd.DataFrame:
        excerpts = self.dataset.excerpts
        return excerpt_frame(excerpts[excerpts["event_id"] == event_id])

    def span(self, view: ViewState) -> Span | None:
        mask = self._mask(view)
        if not mask.any():
            return None
        events = self.dataset.events
        start = events["start"].to_numpy(dtype="datetime64[us]")[mask].min()
        return start, events["end"].to_numpy(dtype="datetime64[us]")[mask].max()

    def extent(self, view: ViewState) -> tuple[int, Span | None]:
        return self.count(view), self.span(view)


def engine_tables(dataset: Dataset) -> tuple[pa.Table, pa.Table]:
    """A loaded dataset's events and excerpts as the tables the other engines read (see
    :mod:`timeline.query.ibis_engine`): what a pack holds for them, and what an engine over a
    dataset loaded in memory is given."""
    events = dataset.events
    table = pa.table(
        {
            "row": pa.array(np.arange(len(events), dtype="int64")),
            "id": pa.array(events["id"].astype("str").tolist(), pa.string()),
            "title": pa.array(events["title"].astype("str").tolist(), pa.string()),
            "summary": pa.array(events["summary"].astype("str").tolist(), pa.string()),
            "start": pa.array(micros(events["start"])),
            "end": pa.array(micros(events["end"])),
            "actors": pa.array([list(a) for a in events["actors"]], pa.list_(pa.string())),
            "themes": pa.array([list(t) for t in events["themes"]], pa.list_(pa.string())),
        }
    )
    e = dataset.excerpts
    excerpts = pa.table(
        {
            "event": pa.array(e["event"].to_numpy(dtype="int64")),
            "event_id": pa.array(e["event_id"].astype("str").tolist(), pa.string()),
            "source_id": pa.array(e["source_id"].astype("str").tolist(), pa.string()),
            "quote": pa.array(e["quote"].astype("str").tolist(), pa.string()),
            "quote_start": pa.array(e["quote_start"].to_numpy(dtype="int64")),
            "quote_end": pa.array(e["quote_end"].to_numpy(dtype="int64")),
        }
    )
    return table, excerpts
