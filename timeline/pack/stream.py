"""A pack written a part at a time, in bounded memory, for datasets too large to load.

:func:`pack_dataset` loads a dataset whole, then writes it. A synthetic dataset of tens of
millions of events is made in parts instead (:class:`~timeline.model.pack_format.DatasetPart`),
each with its own articles: each part's quotes are located in its articles by the loader's
own code and the part is set down as Parquet; DuckDB then puts every table in the dataset's
order (events by start, then id) and writes the pack's files, sorting out of core within
:data:`MEMORY_LIMIT`. The pack is the one ``timeline pack`` would write of the same tables:
``tests/test_pack_stream.py`` loads both and compares them.

Parts are trusted to be valid (they come from ``timeline synth``): a quote not found in its
article stops the writer; ``timeline check`` reads the result as it reads any pack.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from timeline.load.articles import locate_quotes
from timeline.model.columns import arrow_chunks
from timeline.model.dates import event_period, parse_dates
from timeline.model.folders import staged_folder
from timeline.model.pack_format import (
    LIST_COLUMNS,
    OFFSET_COLUMNS,
    PACKED_EVENTS,
    PACKED_EXCERPTS,
    PACKED_SOURCES,
    PACKED_TABLES,
    PACKED_TEXTS,
    PACKED_VOCABULARY,
    QUERY_FILES,
    DatasetPart,
)
from timeline.model.quotes import Article
from timeline.model.schema import LIST_SEPARATOR
from timeline.model.spill import connect
from timeline.pack.writer import COMPRESSION, PackError, listed_file, write_manifest
from timeline.query.engine import micros

MEMORY_LIMIT = "2GB"  # DuckDB's, for the sorts; beyond it they spill (model.spill)
WORK_DIR = ".parts"  # inside the folder being built: gone with it on failure


def write_parts(parts: Iterable[DatasetPart], vocabulary: pd.DataFrame, out: Path) -> dict:
    """Write the dataset made of ``parts`` (and ``vocabulary``) as the pack ``out``, built
    beside it and renamed into place when whole. Returns the manifest written."""
    with staged_folder(out) as staged:
        work = staged / WORK_DIR
        work.mkdir()
        columns: dict[str, list[str]] = {}
        for index, part in enumerate(parts):
            columns = _set_down(part, work, index)
        if not columns:
            raise PackError("a dataset needs at least one part")
        manifest = _assemble(work, staged, columns, vocabulary)
        shutil.rmtree(work)
    return manifest


def _set_down(part: DatasetPart, work: Path, index: int) -> dict[str, list[str]]:
    """One part's tables as Parquet files in ``work``, with what ordering them needs: each
    event's period (integer microseconds) and each row's place in its part. Returns the
    columns each table has in the dataset, in order."""
    events, excerpts, sources = part.events, part.excerpts, part.sources
    start, end = _periods(events)
    articles = {
        str(sid): Article.from_text(text)
        for sid, text in zip(sources["id"], part.texts, strict=True)
    }
    _, quote_start, quote_end = locate_quotes(excerpts["source_id"], excerpts["quote"], articles)
    if (missing := np.flatnonzero(quote_start < 0)).size:
        row = excerpts.iloc[int(missing[0])]
        raise PackError(f"the quote of excerpt {row['event_id']!r} is not in its article")
    place = pa.array(np.arange(len(events), dtype="int64"))
    tables = {
        "events": _text_table(events)
        .append_column("_start", pa.array(start))
        .append_column("_end", pa.array(end))
        .append_column("_pos", place),
        "excerpts": _text_table(excerpts)
        .append_column(OFFSET_COLUMNS[0], pa.array(quote_start))
        .append_column(OFFSET_COLUMNS[1], pa.array(quote_end))
        .append_column("_pos", pa.array(np.arange(len(excerpts), dtype="int64"))),
        "sources": _text_table(sources).append_column(
            "_pos", pa.array(np.arange(len(sources), dtype="int64"))
        ),
        "texts": pa.table(
            {
                "source_id": arrow_chunks(sources["id"].astype("str")),
                "text": pa.array(part.texts, pa.large_string()),
                "_pos": pa.array(np.arange(len(sources), dtype="int64")),
            }
        ),
    }
    for name, table in tables.items():
        table = table.append_column("_part", pa.array(np.full(table.num_rows, index)))
        pq.write_table(table, work / f"{name}-{index:06d}.parquet", compression=COMPRESSION)
    return {
        "events": list(events.columns),
        "excerpts": [*excerpts.columns, *OFFSET_COLUMNS],
        "sources": list(sources.columns),
    }


def _periods(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each event's period as the loader derives it, in integer microseconds."""
    ends = events["end_date"] if "end_date" in events else pd.Series("", index=events.index)
    start, end = event_period(parse_dates(events["date"]), parse_dates(ends))
    return micros(start), micros(end)


def _text_table(frame: pd.DataFrame) -> pa.Table:
    """A part's CSV columns as text, but actors and themes as lists of names (trimmed, the
    empty ones left out), as a pack holds them."""
    columns = {}
    for name in frame.columns:
        text = arrow_chunks(frame[name].astype("str")).combine_chunks()
        if name in LIST_COLUMNS:
            names = pc.utf8_trim_whitespace(pc.split_pattern(text, LIST_SEPARATOR).flatten())
            parents = pc.list_parent_indices(pc.split_pattern(text, LIST_SEPARATOR))
            keep = pc.not_equal(names, "")
            counts = np.bincount(
                np.asarray(parents.filter(keep), dtype="int64"), minlength=len(frame)
            )
            offsets = pa.array(np.r_[0, np.cumsum(counts)].astype("int32"))
            columns[name] = pa.ListArray.from_arrays(offsets, names.filter(keep))
        else:
            columns[name] = text
    return pa.table(columns)


def _assemble(
    work: Path, root: Path, columns: dict[str, list[str]], vocabulary: pd.DataFrame
) -> dict:
    """The pack's files from the parts in ``work``, in the dataset's order, and its manifest."""
    import duckdb  # its errors

    listed: dict[str, dict] = {}
    query: dict[str, dict] = {}
    # every table is written in an order of its own (ORDER BY): the order rows arrive in
    # needs no keeping, which lets DuckDB stream and spill instead of holding them
    with connect(memory_limit=MEMORY_LIMIT, preserve_insertion_order=False) as con:
        for name in ("events", "excerpts"):
            pattern = _sql_text(str(work / f"{name}-*.parquet"))
            con.execute(f"CREATE VIEW part_{name} AS SELECT * FROM read_parquet('{pattern}')")
        con.execute(
            "CREATE TABLE ord AS SELECT id, row_number() OVER (ORDER BY _start, id) - 1 AS row "
            "FROM part_events"
        )
        statements = {
            PACKED_EVENTS.file: f"SELECT {_names(columns['events'], 'e')} FROM part_events e "
            "JOIN ord USING (id) ORDER BY ord.row",
            PACKED_EXCERPTS.file: f"SELECT {_names(columns['excerpts'], 'x')} FROM part_excerpts x "
            "JOIN ord ON x.event_id = ord.id ORDER BY ord.row, x._part, x._pos",
            QUERY_FILES["events"]: "SELECT ord.row, e.id, e.title, "
            f'{_summary(columns["events"])} AS summary, e._start AS start, e._end AS "end", '
            "e.actors, e.themes FROM part_events e JOIN ord USING (id) ORDER BY ord.row",
            QUERY_FILES["excerpts"]: "SELECT ord.row AS event, x.event_id, x.source_id, "
            "x.quote, x.quote_start, x.quote_end FROM part_excerpts x "
            "JOIN ord ON x.event_id = ord.id ORDER BY ord.row, x._part, x._pos",
        }
        for file, select in statements.items():
            path = _sql_text(str(root / file))
            try:
                con.execute(f"COPY ({select}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
            except duckdb.Error as exc:  # out of memory or of disk, as a sentence
                reason = str(exc).splitlines()[0]
                raise PackError(f"cannot write {file} in time order: {reason}") from None
    # the articles are in the dataset's order already, part after part: appended, not sorted
    # (a sort of gigabytes of article text would not spill)
    _append_parts(work, "sources", columns["sources"], root / PACKED_SOURCES.file)
    _append_parts(work, "texts", ["source_id", "text"], root / PACKED_TEXTS.file)
    vocabulary_table = pa.table(
        {name: arrow_chunks(vocabulary[name].astype("str")) for name in vocabulary.columns}
    )
    pq.write_table(vocabulary_table, root / PACKED_VOCABULARY.file, compression=COMPRESSION)
    for packed in PACKED_TABLES:
        listed[packed.name] = _listed(root / packed.file)
    for name, file in QUERY_FILES.items():
        query[name] = _listed(root / file)
    return write_manifest(root, listed, query, metadata=None)


def _append_parts(work: Path, name: str, columns: list[str], path: Path) -> None:
    """The parts' tables ``name`` in one file, part after part, one part in memory."""
    writer = None
    try:
        for part in sorted(work.glob(f"{name}-*.parquet")):
            table = pq.read_table(part, columns=columns)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression=COMPRESSION)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def _listed(path: Path) -> dict:
    return listed_file(path, pq.ParquetFile(path).metadata.num_rows)


def _names(columns: list[str], alias: str) -> str:
    """A select list of the dataset's columns, quoted."""
    return ", ".join(f'{alias}."{column}"' for column in columns)


def _summary(columns: list[str]) -> str:
    return 'e."summary"' if "summary" in columns else "''"


def _sql_text(text: str) -> str:
    """``text`` inside a SQL string literal."""
    return text.replace("'", "''")
