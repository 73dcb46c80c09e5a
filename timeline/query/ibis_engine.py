"""The views' questions as ibis expressions: one query plan for DuckDB and for Spark.

The facets' rules (:mod:`timeline.query.facets`) written as column expressions over two
tables: ``events`` (``row``, ``id``, ``title``, ``summary``, ``start`` and ``end`` as integer
microseconds since 1970, ``actors`` and ``themes`` as lists of names) and ``excerpts``
(``event``, ``event_id``, ``source_id``, ``quote``, ``quote_start``, ``quote_end``).
DuckDB runs them embedded and out of core over Parquet; PySpark runs the same expressions on
a local session or a standalone cluster.
Nothing here loops over rows in Python. Instants are integers, not timestamps: every backend
compares and bins them alike, with no time zone, and years 1 to 9999 fit (a backend's own
timestamps narrow to 32-bit seconds or to pandas' nanoseconds, from 1901 or 1677 on).
"""

from __future__ import annotations

import json
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
from ibis import _

from timeline.model.pack_format import MANIFEST_FILE, QUERY_FILES, changed_file, file_sha256
from timeline.model.problems import DatasetError, Problem
from timeline.model.spill import connect
from timeline.query.engine import (
    EXCERPT_COLUMNS,
    Kind,
    Span,
    density_frame,
    event_frame,
    excerpt_frame,
    micros,
)
from timeline.query.facets import date_bound, search_terms
from timeline.query.lane_masks import (
    LaneMasks,
    build_lane_masks,
    expand_choices,
    expand_density,
)
from timeline.query.view import ViewState, window_bounds


def _instant(value: np.datetime64) -> int:
    """A literal for the engine's integer instants (:func:`~timeline.query.engine.micros`)."""
    return int(micros(value))


class IbisEngine:
    """Answers of a dataset held by an ibis backend (see the module's docstring for the
    tables it needs): :func:`pack_engine` makes one over a pack, :func:`parquet_engine` over
    the two Parquet files."""

    def __init__(
        self,
        events: Any,
        excerpts: Any,
        *,
        name: str,
        cancel: Callable[[], None] | None = None,
        events_parquet: str | None = None,
    ) -> None:
        self.name = name
        self.events_table = events
        self.excerpts_table = excerpts
        self._cancel = cancel
        self._events_parquet = events_parquet
        self.masks: LaneMasks | None = None  # see build_lane_masks

    def cancel(self) -> None:
        """Stop the question being answered (it raises the backend's error): a cluster that
        lost its workers would otherwise wait for new ones for ever."""
        if self._cancel is not None:
            self._cancel()

    # ---- the view as a predicate over events ----

    def build_lane_masks(self) -> None:
        """Hold each event's lanes as bits in DuckDB's memory
        (:mod:`timeline.query.lane_masks`): views of names, dates and a window are then
        answered from them. Other backends keep scanning their files (Spark divides its
        scans among a cluster's cores instead)."""
        if self.name == "duckdb" and self._events_parquet is not None:
            backend = self.events_table._find_backend()
            self.masks = build_lane_masks(backend, self._events_parquet)

    def _masked(self, view: ViewState) -> Any:
        """The events in view from the lane bits, when they can answer the view; else None."""
        masks = self.masks
        if masks is None or not masks.answers(view.filters):
            return None
        f, t = view.filters, masks.table
        conditions = [
            masks.chosen(kind, names)
            for kind, names in (("actor", f.actors), ("theme", f.themes))
            if names
        ]
        conditions += self._periods(t, view)
        return t.filter(ibis.and_(*conditions)) if conditions else t

    def _periods(self, t: Any, view: ViewState) -> list[Any]:
        """The date filter's and the window's conditions on a table's ``start`` and ``end``."""
        f, conditions = view.filters, []
        lo, hi = date_bound(f.date_from, end=False), date_bound(f.date_to, end=True)
        if lo is not None:
            conditions.append(t.end > _instant(lo))
        if hi is not None:
            conditions.append(t.start < _instant(hi))
        bounds = window_bounds(view.window)
        if bounds is not None:
            conditions.append((t.start < _instant(bounds[1])) & (t.end > _instant(bounds[0])))
        return conditions

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
        for term in search_terms(f.query):
            quoted = self.excerpts_table.filter(self.excerpts_table.quote.lower().contains(term))
            conditions.append(
                t.title.lower().contains(term)
                | t.summary.lower().contains(term)
                | t.row.isin(quoted.event)
            )
        conditions += self._periods(t, view)
        return ibis.and_(*conditions) if conditions else ibis.literal(True)

    def _in_view(self, view: ViewState) -> Any:
        return self.events_table.filter(self._where(view))

    # ---- the questions ----

    def count(self, view: ViewState) -> int:
        masked = self._masked(view)
        return int((self._in_view(view) if masked is None else masked).count().execute())

    def choices(self, view: ViewState, kind: Kind) -> list[tuple[str, int]]:
        masked = self._masked(view)
        if masked is not None:  # bits, added up per name
            combos = masked.group_by(mask=masked[f"{kind}s"]).agg(n=_.count()).execute()
            return expand_choices(self.masks, combos, kind)  # type: ignore[arg-type]
        names = self._in_view(view).select(name=self.events_table[f"{kind}s"].unnest())
        counted = names.group_by("name").agg(n=_.count()).execute()
        found = [(str(n), int(c)) for n, c in zip(counted["name"], counted["n"], strict=True)]
        return sorted(found, key=lambda item: (-item[1], item[0]))

    def events(self, view: ViewState, *, limit: int) -> pd.DataFrame:
        masked = self._masked(view)
        if masked is not None:  # the rows from the bits, then their ids and titles by row
            rows = masked.order_by("row").limit(limit).select("row").execute()["row"].tolist()
            t = self.events_table
            # the bounds let the reader skip the row groups holding none of them
            near = t.row.between(min(rows), max(rows)) if rows else ibis.literal(False)
            shown = t.filter(near & t.row.isin(rows)).order_by("row")
        else:
            shown = self._in_view(view).order_by("row").limit(limit)
        frame = shown.select("row", "id", "title", "start", "end").execute()
        instants = [
            frame[c].to_numpy(dtype="int64").astype("datetime64[us]") for c in ("start", "end")
        ]
        return event_frame(frame["row"], frame["id"], frame["title"], *instants)

    def density(
        self, view: ViewState, *, kind: Kind, bins: int, span: tuple[np.datetime64, np.datetime64]
    ) -> pd.DataFrame:
        # bins by integer division (no ``bucket()``: PySpark has none), as
        # :func:`timeline.query.engine.bin_of` does
        lo, hi = (_instant(v) for v in span)
        width = max(hi - lo, 1)
        masked = self._masked(view)
        if masked is not None:  # counted per bin and combination of lanes, then per lane
            raw = ((masked.start - lo) * bins) // width
            combos = masked.group_by(
                bin=raw.clip(lower=0, upper=bins - 1), mask=masked[f"{kind}s"]
            ).agg(n=_.count())
            return expand_density(self.masks, combos.execute(), kind)  # type: ignore[arg-type]
        t = self._in_view(view)
        raw = ((t.start - lo) * bins) // width
        binned = t.select(lane=t[f"{kind}s"].unnest(), bin=raw.clip(lower=0, upper=bins - 1))
        counted = binned.group_by(["lane", "bin"]).agg(count=_.count()).execute()
        return density_frame(counted["lane"], counted["bin"], counted["count"])

    def excerpts(self, event_id: str) -> pd.DataFrame:
        e = self.excerpts_table
        return excerpt_frame(e.filter(e.event_id == event_id).select(*EXCERPT_COLUMNS).execute())

    def span(self, view: ViewState) -> Span | None:
        return self.extent(view)[1]

    def extent(self, view: ViewState) -> tuple[int, Span | None]:
        masked = self._masked(view)
        t = self._in_view(view) if masked is None else masked
        found = t.aggregate(n=t.count(), lo=t.start.min(), hi=t.end.max()).execute()
        n, lo, hi = (found[c].iloc[0] for c in ("n", "lo", "hi"))
        if pd.isna(lo) or pd.isna(hi):
            return int(n), None
        return int(n), (np.datetime64(int(lo), "us"), np.datetime64(int(hi), "us"))


MEMORY_LIMIT = "2GB"  # DuckDB's, in an engine
ENGINES = ("duckdb", "spark")  # and a cluster's master URL, spark://HOST:PORT


def pack_engine(root: Path, *, engine: str = "duckdb") -> IbisEngine:
    """An engine over a pack's query tables (see :mod:`timeline.model.pack_format`), read in
    place and never loaded whole. Raises :class:`DatasetError` naming each fault: no pack,
    a table missing or not as the manifest says (its SHA-256), an unknown engine."""
    problems = []
    if not (engine in ENGINES or engine.startswith("spark://")):
        problems.append(
            Problem(
                "--engine",
                f"unknown engine {engine!r}; expected duckdb, spark or spark://HOST:PORT",
            )
        )
    try:
        manifest = json.loads((root / MANIFEST_FILE).read_text(encoding="utf-8-sig"))
        query = manifest["query"]
        listed = {name: dict(query[name]) for name in QUERY_FILES}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        problems.append(
            Problem(MANIFEST_FILE, f"no query tables listed ({reason}); pack the dataset again")
        )
        raise DatasetError(problems) from None
    for name, file in QUERY_FILES.items():
        path = root / file
        if not path.is_file():
            problems.append(Problem(file, "file is missing; the manifest lists it"))
        elif (found := file_sha256(path)) != (expected := (listed[name] or {}).get("sha256")):
            problems.append(Problem(file, changed_file(found, expected)))
    if problems:
        raise DatasetError(problems)
    return parquet_engine(
        root / QUERY_FILES["events"], root / QUERY_FILES["excerpts"], engine=engine
    )


def parquet_engine(events: Path, excerpts: Path, *, engine: str = "duckdb") -> IbisEngine:
    """An engine over Parquet files of the two tables (see the module's docstring), read
    where they lie: ``engine`` is ``duckdb`` (embedded, out of core), ``spark`` (a local
    session) or a cluster's master URL (``spark://HOST:7077``)."""
    con = backend(engine)
    name = "duckdb" if engine == "duckdb" else "spark"
    tables = con.read_parquet(str(events)), con.read_parquet(str(excerpts))
    return IbisEngine(*tables, name=name, cancel=_canceller(con, name), events_parquet=str(events))


def _canceller(con: Any, name: str) -> Callable[[], None]:
    """How to stop a backend's running query: DuckDB's interrupt, Spark's job cancelling."""
    if name == "duckdb":
        return con.con.interrupt
    return con._session.sparkContext.cancelAllJobs  # ibis keeps the session it was given


def backend(engine: str) -> Any:
    """The ibis backend an engine name means: an embedded DuckDB, a local Spark session
    (``spark``) or a standalone cluster's (``spark://HOST:PORT``)."""
    if engine.startswith("spark://"):
        reach(engine)
    if engine == "duckdb":
        # bounded: past it, DuckDB's joins, sorts and aggregates spill (model.spill)
        return ibis.duckdb.from_connection(
            connect(memory_limit=MEMORY_LIMIT, preserve_insertion_order=False)
        )
    return ibis.pyspark.connect(spark_session("local[2]" if engine == "spark" else engine))


class EngineUnreachable(Exception):
    """The engine's cluster does not answer; the message says where, and why, in one line."""


REACH_TIMEOUT_S = 5.0


def reach(master: str) -> None:
    """Raise :class:`EngineUnreachable` unless a Spark master listens at ``master``
    (``spark://HOST:PORT``): Spark itself would retry for a minute, then fail with pages
    of logs."""
    host, _, port = master.removeprefix("spark://").rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=REACH_TIMEOUT_S):
            return
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, TimeoutError):
            reason = f"no answer in {REACH_TIMEOUT_S:.0f} s"
        raise EngineUnreachable(f"cannot reach the Spark master at {master}: {reason}") from None


def spark_session(master: str) -> Any:
    """The Spark session the engine runs on (one per process: Spark's own rule); UTC, so
    timestamps read as they were written; no web UI and no warehouse folder left behind.
    For a local session or a cluster on this machine the driver stays on loopback; a
    cluster elsewhere must reach the driver at an address of Spark's choosing."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineUnreachable(
            "the Spark engine needs pyspark (pip install 'pyspark>=3.5,<4.1') and Java 17"
        ) from None
    warehouse = Path(tempfile.gettempdir()) / "timeline-spark-warehouse"
    builder = SparkSession.builder.master(master).appName("timeline")
    host = master.removeprefix("spark://").rpartition(":")[0]
    if not master.startswith("spark://") or host in ("127.0.0.1", "localhost", "::1"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    return (
        builder.config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .getOrCreate()
    )
