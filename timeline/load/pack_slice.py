"""A few events of a pack read as a :class:`Dataset`, where they lie, without loading it whole.

A pack too large to load is viewed a slice at a time: the events a view shows (a few
thousand at most) are read from the pack's files by their row (their place in time order,
the same number the engines give them), with their excerpts and the articles those quote,
and go through the loader's own code, so a slice holds exactly what a whole load would hold
for those events. DuckDB reads the rows: it skips the row groups and the columns' pages that
hold none of them, where reading whole row groups costs seconds for rows spread over the
pack. Nothing is written to the pack.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from timeline.load.loader import _finish, _load_events, _load_excerpts
from timeline.load.packed import Catalogue, _located, _place_quotes, _table
from timeline.load.tables import Collector
from timeline.load.text_cells import check_table_text
from timeline.model.dataset import Dataset
from timeline.model.pack_format import (
    PACKED_EVENTS,
    PACKED_EXCERPTS,
    PACKED_TEXTS,
    QUERY_FILES,
)
from timeline.model.problems import DatasetError, Problem
from timeline.model.quotes import Article
from timeline.model.spill import connect

MEMORY_LIMIT = "1GB"  # DuckDB's, for reading slices: a slice is a few thousand rows


@dataclass(frozen=True)
class PackSlices:
    """Reads slices of the pack in ``root`` whose small tables are ``catalogue``."""

    root: Path
    catalogue: Catalogue
    _lock: threading.Lock
    _con: Any  # one DuckDB connection, opened once: opening one costs about 25 ms

    @classmethod
    def open(cls, root: Path, catalogue: Catalogue) -> PackSlices:
        return cls(root, catalogue, threading.Lock(), connect(memory_limit=MEMORY_LIMIT))

    def _sql(self, query: str, parameters: list | None = None) -> pa.Table:
        """One query on the reader's connection, one at a time (a DuckDB connection takes
        one call at once; the server's threads take turns)."""
        with self._lock:
            return self._con.sql(query, params=parameters or []).to_arrow_table()

    def _file(self, name: str) -> str:
        return str(self.root / name).replace("'", "''")

    def dataset(self, rows: np.ndarray, *, articles_of: np.ndarray | None = None) -> Dataset:
        """The events at ``rows`` (their places in time order) and their excerpts as the
        loader gives them, with the articles quoted by the events at ``articles_of`` (all of
        them by default), their quotes checked against them; the other quotes' stored places
        are taken as the pack's check found them (a chart and a list need no article).
        Raises :class:`DatasetError` when the pack's rows are not as its writer left them."""
        rows = np.unique(np.asarray(rows, dtype="int64"))
        events = self._rows(PACKED_EVENTS.file, rows)
        if events.num_rows != len(rows):
            message = f"has no row {int(rows[-1]) + 1}; pack the dataset again"
            raise DatasetError([Problem(PACKED_EVENTS.file, message)])
        excerpt_rows, excerpt_events = self._excerpt_rows(rows)
        excerpts = self._rows(PACKED_EXCERPTS.file, excerpt_rows)
        wanted = rows if articles_of is None else np.asarray(articles_of, dtype="int64")
        quoting = np.isin(excerpt_events, wanted)
        quoted = excerpts.column("source_id").filter(pa.array(quoting)).unique().to_pylist()
        articles = self.articles(sorted(s for s in quoted if s is not None))
        return self._assemble(rows, events, excerpt_rows, excerpts, articles)

    def first_and_last(self) -> np.ndarray:
        """The rows of the earliest event and of the one that ends last (none when empty)."""
        found = self._sql(
            f"SELECT row FROM read_parquet('{self._file(QUERY_FILES['events'])}') "
            'ORDER BY "end" DESC, row LIMIT 1'
        )
        if found.num_rows == 0:
            return np.zeros(0, dtype="int64")
        return np.unique(np.array([0, int(found.column(0)[0].as_py())], dtype="int64"))

    def _rows(self, file: str, rows: np.ndarray) -> pa.Table:
        """Rows of a table file by place (0 is the first), in that order."""
        if len(rows) == 0:
            return pq.read_schema(self.root / file).empty_table()
        return self._sql(
            f"SELECT * EXCLUDE (file_row_number) FROM read_parquet('{self._file(file)}', "
            "file_row_number = true) WHERE file_row_number IN (SELECT unnest(?)) "
            "ORDER BY file_row_number",
            [rows.tolist()],
        )

    def _excerpt_rows(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The places of the excerpts of the events at ``rows``, and each one's event: the
        engines' excerpts table names each excerpt's event by row, in the pack's order."""
        if len(rows) == 0:
            return np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64")
        found = self._sql(
            "SELECT file_row_number, event FROM "
            f"read_parquet('{self._file(QUERY_FILES['excerpts'])}', file_row_number = true) "
            "WHERE event IN (SELECT unnest(?)) ORDER BY file_row_number",
            [rows.tolist()],
        )
        return tuple(np.asarray(found.column(i), dtype="int64") for i in (0, 1))  # type: ignore[return-value]

    def articles(self, source_ids: list[str]) -> dict[str, Article]:
        """The articles of these sources, from the pack's texts."""
        if not source_ids:
            return {}
        found = self._sql(
            f"SELECT source_id, text FROM read_parquet('{self._file(PACKED_TEXTS.file)}') "
            "WHERE source_id IN (SELECT unnest(?))",
            [list(source_ids)],
        )
        ids, texts = found.column("source_id").to_pylist(), found.column("text").to_pylist()
        return {s: Article.from_text(t or "") for s, t in zip(ids, texts, strict=True)}

    def row_of(self, event_id: str) -> int | None:
        """The row of the event with this id, or None."""
        found = self._sql(
            f"SELECT row FROM read_parquet('{self._file(QUERY_FILES['events'])}') "
            "WHERE id = ? LIMIT 1",
            [event_id],
        )
        return None if found.num_rows == 0 else int(found.column(0)[0].as_py())

    def id_of(self, row: int) -> str | None:
        """The id of the event at ``row`` (its place in time order), or None."""
        found = self._sql(
            f"SELECT id FROM read_parquet('{self._file(QUERY_FILES['events'])}') "
            "WHERE row = ? LIMIT 1",
            [int(row)],
        )
        return None if found.num_rows == 0 else str(found.column(0)[0].as_py())

    def _assemble(
        self,
        rows: np.ndarray,
        events: pa.Table,
        excerpt_rows: np.ndarray,
        excerpts: pa.Table,
        articles: dict[str, Article],
    ) -> Dataset:
        """The slice through the loader's checks and derivations, as a whole load makes them
        (warnings aside: they are the whole pack's, and ``timeline check`` gives them)."""
        out, c = Collector(), self.catalogue
        tables = {
            "events": _table(PACKED_EVENTS, PACKED_EVENTS.spec, events, out),
            "excerpts": _table(PACKED_EXCERPTS, PACKED_EXCERPTS.spec, excerpts, out),
        }
        for table in tables.values():
            check_table_text(table, out)
        long = _load_events(tables["events"], c.actors, c.themes, out)
        found = _load_excerpts(tables["excerpts"], long[0], c.sources, {}, out)  # placed below
        # checks the quotes of the articles given; every excerpt's place is set
        _place_quotes(tables["excerpts"], found, excerpts, articles, out)
        if out.has_errors:
            where = {PACKED_EVENTS.file: rows, PACKED_EXCERPTS.file: excerpt_rows}
            raise DatasetError(_in_pack(_located(out.problems), where))
        events_frame, event_actors, event_themes, excerpts_frame = _finish(*long, found)
        return Dataset(
            root=self.root,
            events=events_frame,
            event_actors=event_actors,
            event_themes=event_themes,
            excerpts=excerpts_frame,
            sources=c.sources,
            vocabulary=c.vocabulary,
            articles=articles,
            actors=c.actors,
            themes=c.themes,
            metadata=c.metadata,
        )


def _in_pack(problems: list[Problem], where: dict[str, np.ndarray]) -> list[Problem]:
    """Problems found in a slice, located at their rows of the pack's files."""
    located = []
    for problem in problems:
        rows = where.get(problem.file)
        if rows is not None and problem.line is not None and 1 <= problem.line <= len(rows):
            problem = replace(problem, line=int(rows[problem.line - 1]) + 1)
        located.append(problem)
    return located
