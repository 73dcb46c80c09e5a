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

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from timeline.load.articles import _check_citation_columns, isin
from timeline.load.loader import (
    _load_events,
    _load_excerpts,
    _load_vocabulary,
    assemble,
    load_metadata,
)
from timeline.load.tables import (
    Collector,
    Table,
    check_columns,
    check_required_values,
    check_unique,
    outside_problem,
    strip,
    validate_dates,
)
from timeline.load.text_cells import check_article_text, check_table_text
from timeline.model.dataset import Dataset
from timeline.model.dates import date_labels
from timeline.model.metadata import METADATA_FILE
from timeline.model.pack_format import (
    LIST_COLUMNS,
    MANIFEST_FILE,
    MAX_MANIFEST_BYTES,
    OFFSET_COLUMNS,
    PACK_FORMAT,
    PACK_VERSION,
    PACKED_EVENTS,
    PACKED_EXCERPTS,
    PACKED_TABLES,
    PACKED_TEXTS,
    QUERY_FILES,
    PackedTable,
    changed_file,
    file_sha256,
)
from timeline.model.problems import DatasetError, Problem, shorten
from timeline.model.quotes import Article, normalise_many
from timeline.model.schema import LIST_SEPARATOR, TableSpec

_SHA256 = re.compile(r"[0-9a-f]{64}")
_AGAIN = "pack the dataset again"
# a CSV table's name, in the problems its checks report, as the pack's file
_PACKED_NAME = {t.spec.file: t.file for t in PACKED_TABLES if t.spec is not None}


def load_packed(root: Path) -> Dataset:
    """Load the pack in ``root``, or raise :class:`DatasetError` listing every problem."""
    out = Collector()
    manifest = _read_manifest(root, out)
    if manifest is None:
        raise DatasetError(out.problems)
    files = {t.name: _read_file(root, t, manifest["tables"], out) for t in PACKED_TABLES}
    if manifest.get("metadata") is not None:
        _check_listed(root, METADATA_FILE, "metadata", manifest["metadata"], out)
    _check_query_tables(root, manifest.get("query"), out)
    read = {name: table for name, table in files.items() if table is not None}
    if out.has_errors or len(read) < len(files):
        raise DatasetError(_located(out.problems))
    tables = {
        t.name: _table(t, t.spec, read[t.name], out) for t in PACKED_TABLES if t.spec is not None
    }
    for table in tables.values():
        check_table_text(table, out)
    metadata = load_metadata(root, out)
    vocabulary, sources_table = tables["vocabulary"], tables["sources"]
    actors, themes = _load_vocabulary(vocabulary, out)
    sources = _sources(sources_table, out)
    articles = _articles(sources_table, read["texts"], out)
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
        vocabulary=vocabulary.frame,
        articles=articles,
        names=(actors, themes),
        metadata=metadata,
        located=_located,
    )


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


def _read_manifest(root: Path, out: Collector) -> dict | None:
    """The manifest, when it is a JSON object of this format and version with tables."""
    path = root / MANIFEST_FILE
    outside = outside_problem(root, path, MANIFEST_FILE)
    if outside:
        out.add(outside)
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MANIFEST_BYTES + 1)
    except OSError as exc:
        out.add(Problem(MANIFEST_FILE, f"cannot be read: {exc.strerror or exc}"))
        return None
    if len(raw) > MAX_MANIFEST_BYTES:
        out.add(Problem(MANIFEST_FILE, "larger than 1 MB; expected a short JSON object"))
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        out.add(Problem(MANIFEST_FILE, "is not UTF-8 text; expected a JSON object"))
        return None
    except json.JSONDecodeError as exc:
        out.add(Problem(MANIFEST_FILE, f"not valid JSON: {exc.msg}", line=exc.lineno))
        return None
    except RecursionError:
        out.add(Problem(MANIFEST_FILE, "nested too deeply; expected a short JSON object"))
        return None
    if not isinstance(data, dict):
        out.add(Problem(MANIFEST_FILE, "expected a JSON object with format, version and tables"))
        return None
    ok = True
    if data.get("format") != PACK_FORMAT:
        ok = _bad(out, "format", data.get("format"), f"expected {PACK_FORMAT!r}")
    version = data.get("version")
    if type(version) is not int or version != PACK_VERSION:
        newer = type(version) is int and version > PACK_VERSION
        hint = "a newer timeline wrote it; " if newer else ""
        expected = f"expected {PACK_VERSION}, the version this timeline reads; {hint}{_AGAIN}"
        ok = _bad(out, "version", version, expected)
    if not isinstance(data.get("tables"), dict):
        names = ", ".join(t.name for t in PACKED_TABLES)
        ok = _bad(out, "tables", data.get("tables"), f"expected an object with {names}")
    return data if ok else None


def _bad(out: Collector, field: str, value: object, expected: str) -> bool:
    """Report a manifest field that is not as expected (its value as JSON); False."""
    shown = None if value is None else json.dumps(value, ensure_ascii=False)
    said = expected if value is not None else f"missing; {expected}"
    out.add(Problem(MANIFEST_FILE, said, column=field, value=shown))
    return False


def _check_listed(root: Path, name: str, field: str, entry: object, out: Collector) -> bool:
    """Check the file ``name`` against its entry in the manifest (at ``field``): its name,
    and the SHA-256 of its bytes; whether the file is there to be read."""
    if not isinstance(entry, dict):
        _bad(out, field, entry, f'expected {{"file": "{name}", "sha256": …}}')
        return False
    if entry.get("file") != name:
        _bad(out, f"{field}.file", entry.get("file"), f"expected {name!r}")
        return False
    path = root / name
    outside = outside_problem(root, path, name)
    if outside:
        out.add(outside)
        return False
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "file is missing"
        out.add(Problem(name, f"{what}; the manifest lists it"))
        return False
    expected = entry.get("sha256")
    try:
        found = file_sha256(path)
    except OSError as exc:
        out.add(Problem(name, f"cannot be read: {exc.strerror or exc}"))
        return False
    if not isinstance(expected, str) or not _SHA256.fullmatch(expected):
        _bad(out, f"{field}.sha256", expected, "expected the file's SHA-256: 64 hex digits")
    elif found != expected:
        out.add(Problem(name, changed_file(found, expected)))
    return True


def _check_query_tables(root: Path, query: object, out: Collector) -> None:
    """The query engines' tables are there and whole (read by an engine, not here)."""
    if not isinstance(query, dict):
        names = ", ".join(QUERY_FILES)
        _bad(out, "query", query, f"expected an object with {names}: the engines' tables")
        return
    for name, file in QUERY_FILES.items():
        _check_listed(root, file, f"query.{name}", query.get(name), out)


def _read_file(root: Path, packed: PackedTable, listed: dict, out: Collector) -> pa.Table | None:
    """One table file, checked against its manifest entry (bytes, rows) and its columns."""
    field, entry = f"tables.{packed.name}", listed.get(packed.name)
    if entry is None:
        shape = f'{{"file": "{packed.file}", "rows": …, "sha256": …}}'
        _bad(out, field, None, f"expected {shape}")
        return None
    if not _check_listed(root, packed.file, field, entry, out) or not isinstance(entry, dict):
        return None
    rows = entry.get("rows")
    if type(rows) is not int or rows < 0:
        _bad(out, f"{field}.rows", rows, "expected the table's number of rows")
        rows = None
    try:
        with pq.ParquetFile(root / packed.file) as parquet:
            problems = _column_problems(packed, parquet.schema_arrow)
            if rows is not None and parquet.metadata.num_rows != rows:
                found = parquet.metadata.num_rows
                problems.append(Problem(packed.file, f"has {found} rows; the manifest says {rows}"))
            table = parquet.read() if not problems else None
    except (pa.ArrowException, OSError, ValueError, IndexError) as exc:
        why = shorten(str(exc), 160)
        out.add(Problem(packed.file, f"is not a readable Parquet file ({why}); {_AGAIN}"))
        return None
    for problem in problems:
        out.add(problem)
    return table


def _column_problems(packed: PackedTable, schema: pa.Schema) -> list[Problem]:
    """Each required column missing, and each column of the wrong type or named twice."""
    problems = []
    names = list(schema.names)
    for name in packed.required:
        if name not in names:
            have = ", ".join(names) or "no columns"
            message = f"required column is missing; the file has: {have}"
            problems.append(Problem(packed.file, message, column=name))
    for position, field in enumerate(schema):
        if field.name in names[:position]:
            problems.append(Problem(packed.file, "column appears twice", column=field.name))
            continue
        expected = _expected_type(packed, field.name)
        if expected and not expected[1](field.type):
            message = f"expected {expected[0]}, found {field.type}"
            problems.append(Problem(packed.file, message, column=field.name))
    return problems


def _is_text(found: pa.DataType) -> bool:
    return pa.types.is_string(found) or pa.types.is_large_string(found)


def _is_names(found: pa.DataType) -> bool:
    listed = pa.types.is_list(found) or pa.types.is_large_list(found)
    return listed and _is_text(found.value_type)


_OFFSET = ("integers (a character offset in the article)", pa.types.is_integer)
_NAMES = ("a list of names (list<string>)", _is_names)
_TEXT = ("text (string)", _is_text)


def _expected_type(
    packed: PackedTable, column: str
) -> tuple[str, Callable[[pa.DataType], bool]] | None:
    """What a column must hold (said, and tested), or None for one that is not read."""
    if packed is PACKED_EXCERPTS and column in OFFSET_COLUMNS:
        return _OFFSET
    if packed is PACKED_EVENTS and column in LIST_COLUMNS:
        return _NAMES
    if packed is PACKED_TEXTS and column not in PACKED_TEXTS.required:
        return None
    return _TEXT


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
            f"quote stands in the text of its source; {_AGAIN}"
        )
        out.rows(table, bad, "quote", message, values=spans_as_text)
    excerpts["quote_start"] = start
    excerpts["quote_end"] = end
