"""A pack's manifest, and each file it lists checked against it: its bytes (SHA-256), its
rows and its columns. Every reader of a pack checks these first: the loader, which then reads
the tables (:mod:`timeline.load.packed`), and the engines' check, which reads none
(:mod:`timeline.pack.check`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from timeline.load.tables import Collector, outside_problem
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
from timeline.model.problems import Problem, shorten

_SHA256 = re.compile(r"[0-9a-f]{64}")
AGAIN = "pack the dataset again"


def read_manifest(root: Path, out: Collector) -> dict | None:
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
        expected = f"expected {PACK_VERSION}, the version this timeline reads; {hint}{AGAIN}"
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


def check_listed(root: Path, name: str, field: str, entry: object, out: Collector) -> bool:
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


def check_query_tables(root: Path, query: object, out: Collector) -> None:
    """The query engines' tables are there and whole, with the rows the manifest gives and
    the columns the engines read, of their types (their values are an engine's to check)."""
    if not isinstance(query, dict):
        names = ", ".join(QUERY_FILES)
        _bad(out, "query", query, f"expected an object with {names}: the engines' tables")
        return
    for name, file in QUERY_FILES.items():
        entry = query.get(name)
        if not check_listed(root, file, f"query.{name}", entry, out) or not isinstance(entry, dict):
            continue
        try:
            with pq.ParquetFile(root / file) as parquet:
                found, schema = parquet.metadata.num_rows, parquet.schema_arrow
        except (pa.ArrowException, OSError, ValueError, IndexError) as exc:
            why = shorten(str(exc), 160)
            out.add(Problem(file, f"is not a readable Parquet file ({why}); {AGAIN}"))
            continue
        if found != entry.get("rows"):
            out.add(Problem(file, f"has {found} rows; the manifest says {entry.get('rows')}"))
        for column, (said, test) in QUERY_COLUMNS[name].items():
            if column not in schema.names:
                out.add(Problem(file, f"required column is missing; {AGAIN}", column=column))
            elif not test(schema.field(column).type):
                message = f"expected {said}, found {schema.field(column).type}; {AGAIN}"
                out.add(Problem(file, message, column=column))


def check_pack_files(
    root: Path,
    out: Collector,
    *,
    read: tuple[PackedTable, ...] = (),
    manifest: dict | None = None,
) -> tuple[dict | None, dict[str, pa.Table]]:
    """The manifest (``manifest``, when the caller has read it), and every file it lists
    checked against it (bytes, rows, columns); the tables named in ``read`` are read too,
    by name, when they are as the manifest says. Every reader of a pack starts here: the
    loader reads them all, the engines' check only the small ones (see
    :mod:`timeline.pack.check`). The manifest is None when there is none to go by."""
    manifest = manifest if manifest is not None else read_manifest(root, out)
    if manifest is None:
        return None, {}
    tables = {}
    for packed in PACKED_TABLES:
        table = read_file(root, packed, manifest["tables"], out, read=packed in read)
        if table is not None:
            tables[packed.name] = table
    if manifest.get("metadata") is not None:
        check_listed(root, METADATA_FILE, "metadata", manifest["metadata"], out)
    check_query_tables(root, manifest.get("query"), out)
    return manifest, tables


def read_file(
    root: Path, packed: PackedTable, listed: dict, out: Collector, *, read: bool = True
) -> pa.Table | None:
    """One table file, checked against its manifest entry (bytes, rows) and its columns, and
    read (with ``read``) when it is as the manifest says."""
    field, entry = f"tables.{packed.name}", listed.get(packed.name)
    if entry is None:
        shape = f'{{"file": "{packed.file}", "rows": …, "sha256": …}}'
        _bad(out, field, None, f"expected {shape}")
        return None
    if not check_listed(root, packed.file, field, entry, out) or not isinstance(entry, dict):
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
            table = parquet.read() if read and not problems else None
    except (pa.ArrowException, OSError, ValueError, IndexError) as exc:
        why = shorten(str(exc), 160)
        out.add(Problem(packed.file, f"is not a readable Parquet file ({why}); {AGAIN}"))
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
_INTEGER = ("integers", pa.types.is_integer)
# the columns each query table must have for the engines (timeline.query.ibis_engine)
QUERY_COLUMNS = {
    "events": {
        "row": _INTEGER, "id": _TEXT, "title": _TEXT, "summary": _TEXT, "start": _INTEGER,
        "end": _INTEGER, "actors": _NAMES, "themes": _NAMES,
    },
    "excerpts": {
        "event": _INTEGER, "event_id": _TEXT, "source_id": _TEXT, "quote": _TEXT,
        "quote_start": _OFFSET, "quote_end": _OFFSET,
    },
}  # fmt: skip


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
