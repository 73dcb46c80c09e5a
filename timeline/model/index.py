"""Arrays derived from a dataset, built once with it: what filters and figures read.

A filter change or a redraw then does no conversions: category codes are numpy arrays, the
searchable texts are arrow arrays, and each event's place in time is already in milliseconds.
The index hangs off the :class:`~timeline.model.dataset.Dataset` (``dataset.index``), so it
lives and dies with the dataset it describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from timeline.model.columns import arrow_strings
from timeline.model.geometry import Geometry, end_anchor, geometry, precision_ranks

if TYPE_CHECKING:
    from timeline.model.dataset import Dataset


@dataclass(frozen=True)
class Pairs:
    """(event row, name code) pairs of a many-to-many column, and the names the codes index."""

    event: np.ndarray  # int64 row positions in dataset.events
    code: np.ndarray  # int64 codes into ``names`` (-1: no name)
    names: list[str]  # vocabulary order

    @cached_property
    def postings(self) -> tuple[np.ndarray, np.ndarray]:
        """The events of each name, grouped: ``events[offsets[c]:offsets[c + 1]]`` are the
        rows having name code ``c``. A filter on a few names then touches only their events,
        not every pair (built on first use, once per dataset)."""
        named = np.flatnonzero(self.code >= 0)
        order = named[np.argsort(self.code[named], kind="stable")]
        counts = np.bincount(self.code[named], minlength=len(self.names))
        offsets = np.zeros(len(self.names) + 1, dtype="int64")
        np.cumsum(counts, out=offsets[1:])
        return self.event[order], offsets

    def events_of(self, codes: np.ndarray) -> np.ndarray:
        """Row positions of the events having any of these name codes (repeats possible)."""
        events, offsets = self.postings
        parts = [events[offsets[c] : offsets[c + 1]] for c in codes]
        return np.concatenate(parts) if parts else np.zeros(0, dtype="int64")


@dataclass(frozen=True)
class DatasetIndex:
    """Everything derived from a dataset that more than one reader needs."""

    actors: Pairs
    themes: Pairs
    sources: Pairs  # one pair per excerpt: (event, source code)
    title: pa.Array
    summary: pa.Array
    quote: pa.Array
    excerpt_event: np.ndarray
    geo: Geometry
    end_anchor: np.ndarray
    rank: np.ndarray  # precision rank of each start date: 0 day, 1 month, 2 year

    def lanes(self, group: str) -> Pairs:
        """The (event, lane code) pairs of a grouping: ``actor`` or ``theme``."""
        return self.actors if group == "actor" else self.themes


def _pairs(long: pd.DataFrame, column: str) -> Pairs:
    codes = long[column].cat.codes.to_numpy().astype("int64")
    names = [str(c) for c in long[column].cat.categories]
    return Pairs(long["event"].to_numpy().astype("int64"), codes, names)


def build_index(dataset: Dataset) -> DatasetIndex:
    """Compute the index of a loaded dataset (vectorised: cheap at a million events)."""
    events, excerpts = dataset.events, dataset.excerpts
    source_code, source_ids = pd.factorize(excerpts["source_id"])
    excerpt_event = excerpts["event"].to_numpy()
    return DatasetIndex(
        actors=_pairs(dataset.event_actors, "actor"),
        themes=_pairs(dataset.event_themes, "theme"),
        sources=Pairs(
            excerpt_event.astype("int64"),
            np.asarray(source_code, dtype="int64"),
            [str(s) for s in source_ids],
        ),
        title=arrow_strings(events["title"]),
        summary=arrow_strings(events["summary"]),
        quote=arrow_strings(excerpts["quote"]),
        excerpt_event=excerpt_event,
        geo=geometry(events),
        end_anchor=end_anchor(events),
        rank=precision_ranks(events["precision"].astype("str").to_numpy()),
    )
