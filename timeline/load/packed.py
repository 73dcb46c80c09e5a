"""Reading a packed dataset (Parquet tables described by ``manifest.json``, written by
``timeline pack``) into the same :class:`Dataset` its CSV folder gives.

The pack itself is checked first, every fault reported at once and named by its file: a
manifest that is not JSON or not of this format and version, a table file that is missing,
whose bytes are not those the manifest's SHA-256 describes, that is not readable Parquet, or
whose rows, columns or column types are not what is expected. Then the tables go through the
loader's own checks (the same functions, on the same columns), so a pack gives exactly what
its folder gave; only the quotes are not looked for again: the offsets stored with them must
mark each quote in its article. A problem in a table's values is located by its file and row
(``events.parquet:3`` is the third row), not by a line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.load.articles import _check_citation_columns, isin
from timeline.load.loader import (
    _load_events,
    _load_excerpts,
    _load_vocabulary,
    assemble,
    load_metadata,
)
from timeline.load.pack_files import AGAIN, check_pack_files, read_manifest
from timeline.load.tables import (
    Collector,
    Table,
    check_columns,
    check_required_values,
    check_unique,
    strip,
    validate_dates,
)
from timeline.load.text_cells import check_article_text, check_table_text
from timeline.model.dataset import Dataset
from timeline.model.dates import date_labels
from timeline.model.metadata import Metadata
from timeline.model.pack_format import (
    LIST_COLUMNS,
    MANIFEST_FILE,
    OFFSET_COLUMNS,
    PACKED_EVENTS,
    PACKED_EXCERPTS,
    PACKED_SOURCES,
    PACKED_TABLES,
    PACKED_TEXTS,
    PACKED_VOCABULARY,
    PackedTable,
)
from timeline.model.problems import DatasetError, Problem
from timeline.model.quotes import Article, normalise_many
from timeline.model.schema import LIST_SEPARATOR, TableSpec

# a CSV table's name, in the problems its checks report, as the pack's file
_PACKED_NAME = {t.spec.file: t.file for t in PACKED_TABLES if t.spec is not None}


def load_packed(root: Path) -> Dataset:
    """Load the pack in ``root``, or raise :class:`DatasetError` listing every problem."""
    out = Collector()
    manifest = read_manifest(root, out)
    if manifest is None:
        raise DatasetError(out.problems)
    if (too_large := too_large_to_load(manifest)) is not None:
        raise DatasetError([too_large])
    _, read = check_pack_files(root, out, read=PACKED_TABLES, manifest=manifest)
    if out.has_errors or len(read) < len(PACKED_TABLES):
        raise DatasetError(_located(out.problems))
    # every table's columns and text first, then the rest: the folder loader's order
    tables = _tables(read, PACKED_TABLES, out)
    catalogue = _catalogue(root, tables, out)
    sources, sources_table = catalogue.sources, catalogue.sources_table
    articles = _articles(sources_table, read["texts"], out)
    actors, themes = catalogue.actors, catalogue.themes
    events, event_actors, event_themes = _load_events(tables["events"], actors, themes, out)
    excerpts = _load_excerpts(tables["excerpts"], events, sources, {}, out)  # not looked for
    _place_quotes(tables["excerpts"], excerpts, read["excerpts"], articles, out)
    if out.has_errors:
        raise DatasetError(_located(out.problems))
    return assemble(
        root,
        out,
        (events, event_actors, event_themes),
        excerpts,
        sources=sources,
        sources_table=sources_table,
        vocabulary=catalogue.vocabulary,
        articles=articles,
        names=(actors, themes),
        metadata=catalogue.metadata,
        located=_located,
    )


# what a loaded event costs in memory, excerpts and articles included: 1.4 to 1.65 GB for a
# million synthetic events with a million and a half excerpts (README, Performance)
BYTES_PER_EVENT = 1_700


def too_large_to_load(manifest: dict) -> Problem | None:
    """Why a pack cannot be loaded whole on this machine: its events would need more memory
    than Linux says is available. Loading it would only end with the process killed,
    minutes later, with nothing said."""
    try:
        events = int(manifest["tables"]["events"]["rows"])
    except (KeyError, TypeError, ValueError):
        return None  # the manifest's own checks say what is wrong
    available = available_memory()
    needed = events * BYTES_PER_EVENT
    if available is None or needed <= available:
        return None
    message = (
        f"{events:,} events need about {needed / 2**30:.1f} GB to load whole, and this machine "
        f"has {available / 2**30:.1f} GB available: `timeline check` checks it where it lies, "
        "on an engine; the other commands load a dataset whole"
    )
    return Problem(MANIFEST_FILE, message)


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation, as Linux counts them (MemAvailable),
    or None where that is not known."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


@dataclass(frozen=True)
class Catalogue:
    """A pack's small tables, read and checked as the loader checks them: what a reader needs
    besides the events and excerpts (the loader, and the engines' check, which leaves those
    to an engine)."""

    sources: pd.DataFrame
    sources_table: Table
    vocabulary: pd.DataFrame
    actors: tuple[str, ...]
    themes: tuple[str, ...]
    metadata: Metadata


def load_catalogue(root: Path, read: dict[str, pa.Table], out: Collector) -> Catalogue:
    """The sources, the vocabulary and the metadata of the pack in ``root``, from its tables
    ``read`` by :func:`check_pack_files`; their problems collected, located in the pack's
    files."""
    inner = Collector()
    catalogue = _catalogue(root, _tables(read, SMALL_TABLES, inner), inner)
    for problem in _located(inner.problems):
        out.add(problem)
    return catalogue


def _tables(
    read: dict[str, pa.Table], which: tuple[PackedTable, ...], out: Collector
) -> dict[str, Table]:
    """The tables ``which`` of those read (the texts aside) as the loader's located cells,
    their columns and text checked."""
    tables = {t.name: _table(t, t.spec, read[t.name], out) for t in which if t.spec is not None}
    for table in tables.values():
        check_table_text(table, out)
    return tables


def _catalogue(root: Path, tables: dict[str, Table], out: Collector) -> Catalogue:
    """The small tables' rules, as the folder loader applies them."""
    metadata = load_metadata(root, out)
    actors, themes = _load_vocabulary(tables["vocabulary"], out)
    sources = _sources(tables["sources"], out)
    vocabulary = tables["vocabulary"].frame
    return Catalogue(sources, tables["sources"], vocabulary, actors, themes, metadata)


SMALL_TABLES = (PACKED_SOURCES, PACKED_VOCABULARY)  # what load_catalogue reads
_LARGE_TABLES = (PACKED_EVENTS, PACKED_EXCERPTS)


def _located(problems: list[Problem]) -> list[Problem]:
    """The CSV checks' problems as the pack's: its file's name, and the row for the line."""
    located = []
    for problem in problems:
        file = _PACKED_NAME.get(problem.file)
        if file is None:
            located.append(problem)
            continue
        message = problem.message
        for csv_name, packed_name in _PACKED_NAME.items():
            message = message.replace(csv_name, packed_name)
        line = None if problem.line is None or problem.line <= 1 else problem.line - 1
        located.append(replace(problem, file=file, line=line, message=message))
    return located


def _table(packed: PackedTable, spec: TableSpec, read: pa.Table, out: Collector) -> Table:
    """A Parquet table as the loader's :class:`Table` of the CSV file it holds: every cell
    stripped text (a list of names joined with ';', as the file writes it)."""
    columns = {}
    for name in read.column_names:
        if packed is PACKED_EXCERPTS and name in OFFSET_COLUMNS:
            continue
        column = read.column(name)
        if packed is PACKED_EVENTS and name in LIST_COLUMNS:
            column = _joined(packed, name, column, out)
        column = pc.fill_null(column.cast(pa.large_string()), "")
        columns[name] = pd.array(column, dtype="str")
    frame = pd.DataFrame(columns, copy=False, index=pd.RangeIndex(read.num_rows))
    # no lines to find: row r is "line" r + 2, as under a CSV header, which _located makes
    # the row (r + 1) of the Parquet file
    table = Table(spec, frame.apply(strip), "", _lines=np.zeros(0, dtype="int64"))
    check_columns(table, out)
    return table


def _joined(
    packed: PackedTable, name: str, column: pa.ChunkedArray, out: Collector
) -> pa.ChunkedArray:
    """A list column as the CSV's ';'-joined names; a name that is null or holds ';' (it
    would read as two) is reported on its row."""
    column = column.cast(pa.list_(pa.large_string()))
    flat, parent = pc.list_flatten(column), pc.list_parent_indices(column)
    holds = pc.match_substring(flat, LIST_SEPARATOR)
    bad = np.asarray(pc.fill_null(holds, True), dtype=bool)
    listed = min(int(bad.sum()), out.room)
    out.skip(int(bad.sum()) - listed)
    rows = np.asarray(parent)[bad][:listed]
    values = flat.filter(pa.array(bad)).slice(0, listed).to_pylist()
    for row, value in zip(rows, values, strict=True):
        why = f"a name cannot contain '{LIST_SEPARATOR}'" if value else "a name is null"
        out.add(Problem(packed.file, why, line=int(row) + 1, column=name, value=value))
    return pc.binary_join(column, pa.scalar(LIST_SEPARATOR, pa.large_string()))


def _sources(table: Table, out: Collector) -> pd.DataFrame:
    """The sources table, checked as the loader checks it, with its dates' labels and starts
    (its articles are read from the texts table, not from files)."""
    check_required_values(table, ("id", "title", "file"), out)
    check_unique(table, "id", out)
    published = validate_dates(table, "published", out, required=True)
    _check_citation_columns(table, out)
    sources = table.frame.copy()
    sources["published_label"] = date_labels(published)
    sources["published_start"] = published["start"]
    return sources


def _articles(sources: Table, texts: pa.Table, out: Collector) -> dict[str, Article]:
    """Each source's article, from its row of the texts table (one row per source)."""
    ids = pc.fill_null(texts.column("source_id").cast(pa.large_string()), "").to_pylist()
    bodies = pc.fill_null(texts.column("text").cast(pa.large_string()), "").to_pylist()
    by_id: dict[str, str] = {}
    for row, (source_id, text) in enumerate(zip(ids, bodies, strict=True)):
        if source_id in by_id:
            message = "a second text for this source; expected one row per article"
            where = {"line": row + 1, "column": "source_id", "value": source_id}
            out.add(Problem(PACKED_TEXTS.file, message, **where))
            continue
        by_id[source_id] = text
    articles: dict[str, Article] = {}
    for pos, source_id in enumerate(sources.frame["id"]):
        if not source_id or source_id in articles:
            continue
        text = by_id.get(source_id)
        if text is None:
            message = f"no text for this source in {PACKED_TEXTS.file}"
            line = sources.line(pos)
            out.add(Problem(sources.spec.file, message, line=line, column="id", value=source_id))
            continue
        check_article_text(text, f"{PACKED_TEXTS.file} ({source_id})", out)
        articles[source_id] = Article.from_text(text)
    return articles


def _place_quotes(
    table: Table,
    excerpts: pd.DataFrame,
    read: pa.Table,
    articles: dict[str, Article],
    out: Collector,
) -> None:
    """Set each excerpt's stored span, reporting a span that does not hold its quote (up to
    typography and white space, as a quote is matched)."""
    start, end = (
        pc.fill_null(read.column(name).cast(pa.int64(), safe=False), -1).to_numpy()
        for name in OFFSET_COLUMNS
    )
    frame = table.frame
    known = pd.Series(list(articles), dtype="str")
    rows = np.flatnonzero(isin(frame["source_id"], known) & (frame["quote"] != "").to_numpy())
    spans = []
    for row, source_id in zip(rows, frame["source_id"].iloc[rows], strict=True):
        text, a, b = articles[source_id].text, int(start[row]), int(end[row])
        spans.append(text[a:b] if 0 <= a < b <= len(text) else "")
    held = normalise_many(pd.Series(spans, dtype="str")).to_numpy()
    wanted = normalise_many(frame["quote"].iloc[rows].reset_index(drop=True)).to_numpy()
    bad = np.zeros(len(frame), dtype=bool)
    bad[rows] = held != wanted
    if bad.any():
        spans_as_text = pd.Series([f"{a}–{b}" for a, b in zip(start, end, strict=True)])
        message = (
            "quote_start–quote_end do not mark this quote in its article; expected where the "
            f"quote stands in the text of its source; {AGAIN}"
        )
        out.rows(table, bad, "quote", message, values=spans_as_text)
    excerpts["quote_start"] = start
    excerpts["quote_end"] = end
