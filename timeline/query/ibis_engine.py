"""The views' questions as ibis expressions: one query plan for DuckDB and for Spark.

The facets' rules (:mod:`timeline.query.facets`) written as column expressions over three
tables: ``events`` (``row``, ``id``, ``title``, ``summary``, ``start``, ``end``, ``actors`` and
``themes`` as lists of names), ``excerpts`` (``event``, ``event_id``, ``source_id``, ``quote``,
``quote_start``, ``quote_end``) and nothing else. DuckDB runs them embedded and out of core
over Parquet; PySpark runs the same expressions on a local session or a standalone cluster.
Nothing here loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
from ibis import _

from timeline.model.dataset import Dataset
from timeline.query.engine import EVENT_COLUMNS, EXCERPT_COLUMNS, Kind, density_frame
from timeline.query.facets import date_bound, search_terms
from timeline.query.view import ViewState, window_bounds

US_PER_S = 1_000_000


def _instant(value: np.datetime64) -> dt.datetime:
    """A numpy instant as the naive datetime ibis takes for a timestamp literal (years 1 to
    9999, which pandas' nanosecond timestamps cannot all hold)."""
    return np.datetime64(value, "us").astype(dt.datetime)


class IbisEngine:
    """Answers of a dataset held by an ibis backend (see the module's docstring for the
    tables it needs): :meth:`duckdb` and :meth:`spark` make one over a packed dataset."""

    def __init__(self, events: Any, excerpts: Any, *, name: str) -> None:
        self.name = name
        self.events_table = events
        self.excerpts_table = excerpts

    # ---- the view as a predicate over events ----

    def _where(self, view: ViewState) -> Any:
        t, f = self.events_table, view.filters
        conditions = []
        for column, chosen in (("actors", f.actors), ("themes", f.themes)):
            if chosen:
                names = t[column]
                conditions.append(ibis.or_(*(names.contains(name) for name in chosen)))
        if f.sources:
            quoted = self.excerpts_table.filter(self.excerpts_table.source_id.isin(f.sources))
            conditions.append(t.row.isin(quoted.event))
        lo, hi = date_bound(f.date_from, end=False), date_bound(f.date_to, end=True)
        if lo is not None:
            conditions.append(t.end > _instant(lo))
        if hi is not None:
            conditions.append(t.start < _instant(hi))
        for term in search_terms(f.query):
            quoted = self.excerpts_table.filter(self.excerpts_table.quote.lower().contains(term))
            conditions.append(
                t.title.lower().contains(term)
                | t.summary.lower().contains(term)
                | t.row.isin(quoted.event)
            )
        bounds = window_bounds(view.window)
        if bounds is not None:
            conditions.append((t.start < _instant(bounds[1])) & (t.end > _instant(bounds[0])))
        return ibis.and_(*conditions) if conditions else ibis.literal(True)

    def _in_view(self, view: ViewState) -> Any:
        return self.events_table.filter(self._where(view))

    # ---- the questions ----

    def count(self, view: ViewState) -> int:
        return int(self._in_view(view).count().execute())

    def choices(self, view: ViewState, kind: Kind) -> list[tuple[str, int]]:
        names = self._in_view(view).select(name=self.events_table[f"{kind}s"].unnest())
        counted = names.group_by("name").agg(n=_.count()).execute()
        found = [(str(n), int(c)) for n, c in zip(counted["name"], counted["n"], strict=True)]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def events(self, view: ViewState, *, limit: int) -> pd.DataFrame:
        shown = self._in_view(view).order_by("row").limit(limit).select(*EVENT_COLUMNS)
        frame = shown.execute()
        return pd.DataFrame(
            {
                "row": frame["row"].to_numpy(dtype="int64"),
                "id": frame["id"].to_numpy(dtype=object),
                "title": frame["title"].to_numpy(dtype=object),
                "start": frame["start"].to_numpy(dtype="datetime64[us]"),
                "end": frame["end"].to_numpy(dtype="datetime64[us]"),
            }
        )

    def density(
        self, view: ViewState, *, kind: Kind, bins: int, span: tuple[np.datetime64, np.datetime64]
    ) -> pd.DataFrame:
        # integer microseconds from the span's start, then bins by integer division (no
        # ``bucket()``: PySpark has none), as :func:`timeline.query.engine.bin_of` does
        lo, hi = (int(np.datetime64(v, "us").astype("int64")) for v in span)
        width = max(hi - lo, 1)
        t = self._in_view(view)
        # an event starts on a day, so its start is a whole number of seconds
        at = t.start.epoch_seconds().cast("int64") * US_PER_S
        raw = ((at - lo) * bins) // width
        binned = t.select(lane=t[f"{kind}s"].unnest(), bin=raw.clip(lower=0, upper=bins - 1))
        counted = binned.group_by(["lane", "bin"]).agg(count=_.count()).execute()
        return density_frame(counted["lane"], counted["bin"], counted["count"])

    def excerpts(self, event_id: str) -> pd.DataFrame:
        e = self.excerpts_table
        found = e.filter(e.event_id == event_id).select(*EXCERPT_COLUMNS).execute()
        found = found.astype({"quote_start": "int64", "quote_end": "int64"})
        return found.sort_values(["source_id", "quote_start"], kind="stable").reset_index(drop=True)


def arrow_tables(dataset: Dataset) -> tuple[pa.Table, pa.Table]:
    """A loaded dataset's events and excerpts as the Arrow tables the engine reads (see the
    module's docstring): what a packed dataset holds, for one loaded in memory."""
    events = dataset.events
    table = pa.table(
        {
            "row": pa.array(np.arange(len(events), dtype="int64")),
            "id": pa.array(events["id"].astype("str").tolist(), pa.string()),
            "title": pa.array(events["title"].astype("str").tolist(), pa.string()),
            "summary": pa.array(events["summary"].astype("str").tolist(), pa.string()),
            "start": pa.array(events["start"].to_numpy(dtype="datetime64[us]")),
            "end": pa.array(events["end"].to_numpy(dtype="datetime64[us]")),
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


def duckdb_engine(dataset: Dataset) -> IbisEngine:
    """An embedded DuckDB holding a loaded dataset's events and excerpts."""
    con = ibis.duckdb.connect()
    events, excerpts = arrow_tables(dataset)
    return IbisEngine(
        con.create_table("events", events), con.create_table("excerpts", excerpts), name="duckdb"
    )
