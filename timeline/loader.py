"""Load and validate a dataset folder: the one place that parses the files.

Every problem is collected before anything is raised (lazy validation), each located by file,
line, column and value, so a user fixes a broken dataset in one pass. Work is vectorised with
pandas/numpy; per-row Python runs only to locate problems and to match quotes.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.columns import arrow_chunks, arrow_strings, strip
from timeline.dataset import Dataset
from timeline.dates import PRECISION_DTYPE, date_labels, parse_dates
from timeline.problems import DatasetError, Problem, shorten
from timeline.quote_index import locate_all
from timeline.quotes import Article, normalise_many
from timeline.schema import (
    DATE_BASES,
    EVENTS,
    EXCERPTS,
    LIST_SEPARATOR,
    SOURCES,
    SOURCES_DIR,
    VOCABULARY,
    VOCABULARY_KINDS,
    TableSpec,
)

_PARSER_LINE = re.compile(r"line (\d+)")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_MAX_LISTED = 5
_KEEP_TEXT = 1 << 24  # characters: larger tables are read again only if a problem needs a line
_LEADING_BLANK = re.compile(r"[ \t\n]*")
# exactly what Python's str.strip() removes (a test keeps this in step), for pyarrow's utf8_trim
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@dataclass
class _Table:
    """A CSV file read as text: every cell a stripped str, with lazy row-to-line mapping."""

    spec: TableSpec
    frame: pd.DataFrame
    text: str  # "" for a large file: it is read again (``reread``) only to locate a problem
    _lines: np.ndarray | None = field(default=None, repr=False)
    reread: Callable[[], str] | None = field(default=None, repr=False)
    absent: set[str] = field(default_factory=set)  # columns missing from the header, filled ""

    def line(self, row: int) -> int:
        """The 1-based file line where data row ``row`` (0-based) starts."""
        if self._lines is None:
            text = self.text or (self.reread() if self.reread else "")
            self._lines = _record_start_lines(text)
        return int(self._lines[row + 1]) if row + 1 < len(self._lines) else row + 2


def _record_start_lines(text: str) -> np.ndarray:
    """Start line of every non-blank CSV record (header first), honouring quoted newlines."""
    if '"' not in text:
        # pandas skips lines of only spaces/tabs as well as empty ones
        blank = np.array([line.strip(" \t") == "" for line in text.split("\n")], dtype=bool)
        return np.flatnonzero(~blank) + 1
    return np.asarray([start for start, _ in _records(text)], dtype="int64")


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(start line, fields) of every record pandas keeps: blank lines are skipped."""
    lines = text.split("\n")
    # a huge quoted field is still one field (the csv module's default limit is 128 KiB)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text))
    previous = 0
    for record in reader:
        if record and lines[previous].strip(" \t"):  # [] for a blank line; pandas skips both
            yield previous + 1, record
        previous = reader.line_num


class _Collector:
    """Accumulates problems, locating row-level ones through their table."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def rows(
        self,
        table: _Table,
        mask: np.ndarray | pd.Series,
        column: str,
        message: str | pd.Series,
        *,
        values: pd.Series | None = None,
        severity: str = "error",
    ) -> None:
        """Report every row where ``mask`` holds, with its line and value."""
        if column in table.absent:  # already reported once, on the header
            return
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        source = table.frame[column] if values is None else values
        for pos in positions:
            value = str(source.iloc[pos])
            text = message if isinstance(message, str) else str(message.iloc[pos])
            self.add(
                Problem(
                    table.spec.file,
                    text,
                    line=table.line(int(pos)),
                    column=column,
                    value=value,
                    severity=severity,  # type: ignore[arg-type]
                )
            )

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _decode(raw: bytes, name: str, out: _Collector) -> str | None:
    """Bytes to text: UTF-8 (BOM or not) or BOM-marked UTF-16; anything else is reported."""
    if raw.startswith(_UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" in text:  # pandas would end the field there, silently
            line = text[: text.index("\x00")].count("\n") + 1
            out.add(Problem(name, "contains NUL characters; save it as CSV UTF-8", line=line))
            return None
        if text is not None:
            return text
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        out.add(
            Problem(
                name,
                "contains NUL bytes: this is not a text CSV file; save it as CSV UTF-8",
                line=line,
            )
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4]
        out.add(
            Problem(
                name,
                "is not valid UTF-8 (saved as Latin-1 or another legacy encoding?); "
                "save it as CSV UTF-8",
                line=line,
                value=bad.hex(" "),
            )
        )
        return None


def _read_table(folder: Path, spec: TableSpec, out: _Collector) -> _Table | None:
    """Read one CSV as strings and check its columns against the spec."""
    path = folder / spec.file
    if path.is_dir():
        out.add(Problem(spec.file, "is a folder, not a file"))
        return None
    if not path.is_file():
        out.add(Problem(spec.file, f"file is missing; expected columns {', '.join(spec.names)}"))
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        out.add(Problem(spec.file, f"cannot be read: {exc.strerror}"))
        return None
    text = _decode(raw, spec.file, out)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # as `not text.strip()`, without copying a large file
        out.add(Problem(spec.file, f"file is empty; expected a header row: {','.join(spec.names)}"))
        return None
    try:
        cells = pd.read_csv(
            # bytes, not a StringIO: the parser reads UTF-8 bytes either way, and from a
            # StringIO it takes twice the time and a copy four times the file's size
            io.BytesIO(_utf8(raw, text)),
            dtype=str,
            # the header is read as a row: with header=0 pandas renames a duplicate column
            # ("date.1") and takes a first row longer than the header as an index, shifting cells
            header=None,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as exc:
        _report_malformed(text, spec.file, str(exc), out)
        return None
    except (ValueError, OverflowError) as exc:  # e.g. a field beyond the parser's limits
        out.add(Problem(spec.file, f"cannot be parsed as CSV: {shorten(str(exc), 120)}"))
        return None
    frame = _apply_header(cells, spec.file, _header_line(text), out)
    frame = frame.apply(strip)
    if len(text) <= _KEEP_TEXT:
        table = _Table(spec, frame, text)
    else:  # a million rows: hold the parsed frame, not also the file's text
        table = _Table(spec, frame, "", reread=functools.partial(_reread, path))
    _check_columns(table, out)
    return table


def _utf8(raw: bytes, text: str) -> bytes:
    """``text`` as UTF-8: the file's own bytes when they are exactly that (UTF-8 without a
    BOM, no carriage returns), which saves encoding a copy of a large file."""
    if raw.startswith((codecs.BOM_UTF8, *_UTF16_BOMS)) or b"\r" in raw:
        return text.encode("utf-8")
    return raw  # decoded strictly as UTF-8, so encoding the text again gives these bytes


def _reread(path: Path) -> str:
    """A large table's text again, as first read, to locate problems by line."""
    try:
        text = _decode(path.read_bytes(), path.name, _Collector())
    except OSError:
        return ""
    return "" if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


def _header_line(text: str) -> int:
    """The line of the header: the first one that is not blank."""
    blank = _LEADING_BLANK.match(text)  # not lstrip(): that copies a large file
    return text[: blank.end() if blank else 0].count("\n") + 1


def _report_malformed(text: str, name: str, message: str, out: _Collector) -> None:
    """Locate what pandas could not tokenise: records longer than the header, or an open quote."""
    records = list(_records(text))
    width = len(records[0][1]) if records else 0
    too_long = [(line, fields) for line, fields in records[1:] if len(fields) > width]
    for line, fields in too_long:
        out.add(
            Problem(
                name,
                f"row has {len(fields)} fields but the header has {width}; a field holding "
                "commas must be in double quotes",
                line=line,
                value=",".join(fields[width:]),
            )
        )
    if too_long:
        return
    unclosed = "EOF inside string" in message and records
    found = _PARSER_LINE.search(message)
    out.add(
        Problem(
            name,
            "a quoted field is never closed: it runs to the end of the file; check quoting: "
            "a field holding commas, quotes or line breaks must be in double quotes, with inner "
            'quotes doubled ("")'
            if unclosed
            else f"is not well-formed CSV ({shorten(message.split('C error: ')[-1], 120)})",
            line=records[-1][0] if unclosed else int(found.group(1)) if found else None,
            value=records[-1][1][-1] if unclosed and records[-1][1] else None,
        )
    )


def _apply_header(cells: pd.DataFrame, name: str, line: int, out: _Collector) -> pd.DataFrame:
    """Name the columns from the first row; report duplicate and unnamed columns."""
    header = [str(c).strip() for c in cells.iloc[0]] if len(cells) else []
    frame = cells.iloc[1:].reset_index(drop=True)
    keep: dict[str, int] = {}
    for position, column in enumerate(header):
        if column in keep:
            out.add(
                Problem(
                    name,
                    f"column appears twice in the header (columns {keep[column] + 1} and "
                    f"{position + 1}); rename or remove one",
                    line=line,
                    column=column,
                )
            )
        elif not column and (frame[position] != "").any():
            out.add(
                Problem(
                    name,
                    f"column {position + 1} has no name in the header; its values are ignored",
                    line=line,
                    severity="warning",
                )
            )
        elif column:
            keep[column] = position
    frame = frame[list(keep.values())]
    frame.columns = list(keep)
    return frame


def _check_columns(table: _Table, out: _Collector) -> None:
    spec, columns = table.spec, list(table.frame.columns)
    for name in spec.required:
        if name not in columns:
            out.add(
                Problem(
                    spec.file,
                    "required column is missing; the header has: "
                    f"{', '.join(columns) or 'no named columns'}",
                    line=1,
                    column=name,
                )
            )
    for name in columns:
        if name in spec.names:
            continue
        close = difflib.get_close_matches(name, spec.names, n=1, cutoff=0.75)
        hint = f"; did you mean '{close[0]}'?" if close else "; it is kept as an extra column"
        out.add(
            Problem(
                spec.file,
                f"unknown column{hint}",
                line=1,
                column=name,
                severity="warning",
            )
        )
    for name in spec.names:
        if name not in table.frame.columns:
            table.frame[name] = pd.Series("", index=table.frame.index, dtype="str")
            table.absent.add(name)


def _check_required_values(table: _Table, columns: tuple[str, ...], out: _Collector) -> None:
    for name in columns:
        out.rows(table, table.frame[name] == "", name, "must not be empty")


def _check_unique(table: _Table, column: str, out: _Collector) -> None:
    values = table.frame[column]
    dup = values.duplicated(keep="first") & (values != "")
    out.rows(table, dup, column, "duplicate id; ids must be unique")


def _validate_dates(table: _Table, column: str, out: _Collector, *, required: bool) -> pd.DataFrame:
    parsed = parse_dates(table.frame[column])
    bad = parsed["error"] != ""
    out.rows(table, bad, column, parsed["error"])
    if required:
        out.rows(table, table.frame[column] == "", column, "a date is required")
    return parsed


def _load_vocabulary(table: _Table, out: _Collector) -> tuple[tuple[str, ...], tuple[str, ...]]:
    frame = table.frame
    _check_required_values(table, ("kind", "name"), out)
    bad_kind = ~frame["kind"].isin(VOCABULARY_KINDS) & (frame["kind"] != "")
    out.rows(table, bad_kind, "kind", f"expected one of: {', '.join(VOCABULARY_KINDS)}")
    dup = frame.duplicated(["kind", "name"], keep="first") & (frame["name"] != "")
    out.rows(table, dup, "name", "declared twice")
    bad_name = frame["name"].str.contains(LIST_SEPARATOR, regex=False)
    out.rows(table, bad_name, "name", f"a name cannot contain '{LIST_SEPARATOR}'")
    names = frame.loc[~dup & ~bad_name & (frame["name"] != "")]
    actors = tuple(names.loc[names["kind"] == "actor", "name"])
    themes = tuple(names.loc[names["kind"] == "theme", "name"])
    return actors, themes


def _read_article(base: Path, name: str) -> tuple[str | None, bytes | None]:
    """(problem, None) or (None, the file's bytes) for a ``file`` value of sources.csv."""
    try:
        path = (base / name).resolve()
        if base not in path.parents:
            return f"must name a file inside the {SOURCES_DIR}/ folder", None
        if path.is_dir():
            return f"is a folder, not a file, in the {SOURCES_DIR}/ folder", None
        if not path.is_file():
            return f"no such file in the {SOURCES_DIR}/ folder", None
        return None, path.read_bytes()
    except (OSError, ValueError, RuntimeError) as exc:  # too long a name, unreadable, a loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot be read: {shorten(reason)}", None


def _plain_files(base: Path) -> set[str]:
    """Names of the regular files (not links) right inside ``base``: these need no checks."""
    try:
        with os.scandir(base) as entries:
            return {e.name for e in entries if e.is_file(follow_symlinks=False)}
    except OSError:
        return set()


def _read_plain(base: Path, name: str) -> tuple[None, bytes | None]:
    """A plain file's bytes, read without resolving its path (thousands of articles)."""
    try:
        return None, (base / name).read_bytes()
    except OSError:
        return None, None  # let _read_article say what is wrong


def _load_sources(
    folder: Path, table: _Table, out: _Collector
) -> tuple[pd.DataFrame, dict[str, Article]]:
    frame = table.frame
    _check_required_values(table, ("id", "title", "file"), out)
    _check_unique(table, "id", out)
    published = _validate_dates(table, "published", out, required=True)
    articles: dict[str, Article] = {}
    base = (folder / SOURCES_DIR).resolve()
    plain = _plain_files(base)
    for pos, (source_id, name) in enumerate(zip(frame["id"], frame["file"], strict=True)):
        if not name:
            continue
        problem, raw = _read_plain(base, name) if name in plain else (None, None)
        if raw is None:
            problem, raw = _read_article(base, name)
        if raw is not None:
            text = _decode(raw, f"{SOURCES_DIR}/{name}", out)
            if text is not None and source_id:
                articles.setdefault(source_id, Article.from_text(text))
        if problem:
            out.add(
                Problem(table.spec.file, problem, line=table.line(pos), column="file", value=name)
            )
    sources = frame.copy()
    sources["published_label"] = date_labels(published)
    sources["published_start"] = published["start"]
    return sources, articles


def _split_names(
    table: _Table, column: str, declared: tuple[str, ...], kind: str, out: _Collector
) -> pd.DataFrame:
    """Long form (event row, name) of a ';'-list column, checking names against vocabulary."""
    parts = pc.split_pattern(arrow_strings(table.frame[column]), LIST_SEPARATOR)
    names = pc.utf8_trim(parts.flatten(), characters=_WHITESPACE)
    rows = np.asarray(pc.list_parent_indices(parts), dtype="int64")
    named = np.asarray(pc.not_equal(names, ""), dtype=bool)
    names, rows = names.filter(named), rows[named]
    vocabulary = pa.array(list(declared), type=pa.large_string())
    codes = np.asarray(pc.index_in(names, value_set=vocabulary).fill_null(-1), dtype="int64")
    unknown = codes < 0
    if unknown.any():
        for pos, name in zip(rows[unknown], names.filter(unknown).to_pylist(), strict=True):
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            out.add(
                Problem(
                    table.spec.file,
                    f"unknown {kind}: not declared in vocabulary.csv{hint}",
                    line=table.line(int(pos)),
                    column=column,
                    value=name,
                )
            )
    result = pd.DataFrame(
        {
            "event": rows[~unknown],
            kind: pd.Categorical.from_codes(codes[~unknown], categories=list(declared)),
        }
    )
    return result.drop_duplicates(ignore_index=True)


def _load_events(
    table: _Table, actors: tuple[str, ...], themes: tuple[str, ...], out: _Collector
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame = table.frame
    _check_required_values(table, ("id", "title"), out)
    _check_unique(table, "id", out)
    start = _validate_dates(table, "date", out, required=True)
    end = _validate_dates(table, "end_date", out, required=False)
    backwards = start["valid"] & end["valid"] & (end["end"] <= start["start"])
    out.rows(
        table,
        backwards,
        "end_date",
        "end_date is before date; expected the end of the span on or after its start",
    )
    basis = frame["date_basis"]
    out.rows(
        table, ~basis.isin(DATE_BASES), "date_basis", f"expected one of: {', '.join(DATE_BASES)}"
    )
    event_actors = _split_names(table, "actors", actors, "actor", out)
    event_themes = _split_names(table, "themes", themes, "theme", out)

    events = frame.copy()
    events["start"] = start["start"]
    events["end"] = end["end"].where(end["valid"], start["end"])
    events["precision"] = start["precision"]
    events["end_precision"] = end["precision"]
    events["date_label"] = date_labels(start, end)
    # unknown values (already reported) become NaN: pandas 4 will raise on them
    known_basis = basis.where(basis.isin(DATE_BASES))
    events["date_basis"] = pd.Categorical(known_basis, categories=list(DATE_BASES))
    events["actors"] = _lists(event_actors, "actor", len(events))
    events["themes"] = _lists(event_themes, "theme", len(events))
    return events, event_actors, event_themes


def _lists(long: pd.DataFrame, column: str, n: int) -> pd.Series:
    """Each event's names in file order, as lists built once per distinct combination.

    Events naming the same names share one list object (the frames are read-only by
    convention), so a million events cost a few thousand lists, not a million.
    """
    order = np.argsort(long["event"].to_numpy(), kind="stable")
    event = long["event"].to_numpy()[order]
    codes = np.asarray(long[column].cat.codes.to_numpy()[order], dtype="int64")
    names = [str(name) for name in long[column].cat.categories]
    if not len(event):
        return pd.Series([[] for _ in range(n)], dtype=object)
    first = np.r_[0, np.flatnonzero(np.diff(event)) + 1]
    slot = np.arange(len(event)) - np.repeat(first, np.diff(np.r_[first, len(event)]))
    grid = np.full((n, int(slot.max()) + 1), -1, dtype="int64")
    grid[event, slot] = codes
    base = len(names) + 1
    if base ** grid.shape[1] < 2**62:  # one int64 per combination: far faster than rows
        key = (grid + 1) @ (base ** np.arange(grid.shape[1], dtype="int64"))
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        combos = grid[first]
    else:
        combos, inverse = np.unique(grid, axis=0, return_inverse=True)
    lists = np.empty(len(combos), dtype=object)
    lists[:] = [[names[c] for c in row if c >= 0] for row in combos.tolist()]
    return pd.Series(lists[inverse.reshape(-1)], dtype=object)


def _load_excerpts(
    table: _Table,
    events: pd.DataFrame,
    sources: pd.DataFrame,
    articles: dict[str, Article],
    out: _Collector,
) -> pd.DataFrame:
    frame = table.frame
    _check_required_values(table, ("event_id", "source_id", "quote"), out)
    known_event = _isin(frame["event_id"], events["id"])
    out.rows(
        table,
        ~known_event & (frame["event_id"] != ""),
        "event_id",
        "no event with this id in events.csv",
    )
    known_source = _isin(frame["source_id"], sources["id"])
    out.rows(
        table,
        ~known_source & (frame["source_id"] != ""),
        "source_id",
        "no source with this id in sources.csv",
    )

    checked, quote_start, quote_end = _locate_quotes(frame["source_id"], frame["quote"], articles)
    missing = checked & (quote_start < 0)
    out.rows(
        table,
        missing,
        "quote",
        "quote not found in its article; quotes must be verbatim (straight or curly quotes and "
        "line breaks may differ, nothing else)",
    )
    excerpts = frame.copy()
    # the row of the first event with that id, -1 for none
    event = pc.index_in(arrow_strings(excerpts["event_id"]), value_set=arrow_strings(events["id"]))
    excerpts.insert(0, "event", np.asarray(event.fill_null(-1), dtype="int64"))
    excerpts["quote_start"] = quote_start
    excerpts["quote_end"] = quote_end
    return excerpts


def _locate_quotes(
    source_ids: pd.Series, quotes: pd.Series, articles: dict[str, Article]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(checked, start, end) per excerpt: whether it could be looked for (its article exists,
    the quote is not empty) and the quote's span in the article, -1 where not found.

    Quotes are normalised at once (vectorised), then searched article by article, each
    distinct quote of an article once.
    """
    n = len(quotes)
    start = np.full(n, -1, dtype="int64")
    end = np.full(n, -1, dtype="int64")
    checked = _isin(source_ids, pd.Series(list(articles), dtype="str")) & (quotes != "").to_numpy()
    if not checked.any():
        return checked, start, end
    codes, names = pd.factorize(source_ids)
    codes = np.where(checked, codes, -1)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    # one take into article order, so that each article's needles are a slice of it
    needles = arrow_chunks(normalise_many(quotes)).take(order).combine_chunks()
    lengths = np.asarray(pc.utf8_length(needles), dtype="int64")
    for code, name in enumerate(names):
        lo, hi = int(bounds[code]), int(bounds[code + 1])
        if hi > lo:
            rows, length = order[lo:hi], lengths[lo:hi]
            found = _find_all(articles[str(name)], needles.slice(lo, hi - lo).to_pylist())
            hit = (found >= 0) & (length > 0)  # "" is "found" at 0, but is not a quote
            start[rows[hit]], end[rows[hit]] = _original_span(
                articles[str(name)], found[hit], length[hit]
            )
    return checked, start, end


def _find_all(article: Article, needles: list[str]) -> np.ndarray:
    """Where each (normalised) needle first occurs in the article's normalised text, or -1;
    all of them found in one pass over the article."""
    first, _ = locate_all(article.normalised, needles)
    return first


def _original_span(
    article: Article, at: np.ndarray, length: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Start and end in the original text of matches at ``at`` in the normalised text."""
    if article.offsets is None:
        return at, at + length
    return article.offsets[at], article.offsets[at + length - 1] + 1


def _isin(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """``values.isin(allowed)`` in pyarrow: pandas converts a large set value by value."""
    result = pc.is_in(arrow_strings(values), value_set=arrow_strings(allowed))
    return np.asarray(result.fill_null(False), dtype=bool)


def _warn_uncited(
    events: pd.DataFrame,
    excerpts: pd.DataFrame,
    sources: pd.DataFrame,
    out: _Collector,
    sources_table: _Table,
) -> None:
    uncited_events = ~_isin(events["id"], excerpts["event_id"]) & (events["id"] != "")
    if uncited_events.any():
        ids = events.loc[uncited_events, "id"].tolist()
        listed = ", ".join(ids[:_MAX_LISTED]) + (" …" if len(ids) > _MAX_LISTED else "")
        out.add(
            Problem(
                EVENTS.file,
                f"{len(ids)} event(s) have no excerpt and will be shown without sources: {listed}",
                severity="warning",
            )
        )
    uncited = ~_isin(sources["id"], excerpts["source_id"]) & (sources["id"] != "")
    for pos, source_id in zip(np.flatnonzero(uncited), sources.loc[uncited, "id"], strict=True):
        out.add(
            Problem(
                SOURCES.file,
                "article is never quoted in excerpts.csv",
                line=sources_table.line(int(pos)),
                column="id",
                value=source_id,
                severity="warning",
            )
        )


def _finish(
    events: pd.DataFrame,
    event_actors: pd.DataFrame,
    event_themes: pd.DataFrame,
    excerpts: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Count sources per event and sort events by time, renumbering the long-form tables."""
    per_event = excerpts.groupby("event")
    events = events.copy()
    events["n_sources"] = per_event["source_id"].nunique().reindex(range(len(events)), fill_value=0)
    events["n_excerpts"] = per_event.size().reindex(range(len(events)), fill_value=0)
    events["n_sources"] = events["n_sources"].astype("int64")
    events["n_excerpts"] = events["n_excerpts"].astype("int64")
    # arrow sorts strings by UTF-8 bytes, which is code point order, as Python does
    start = pa.array(events["start"].to_numpy())
    keys = pa.table({"start": start, "id": arrow_strings(events["id"])})
    order = np.asarray(
        pc.sort_indices(keys, sort_keys=[("start", "ascending"), ("id", "ascending")]),
        dtype="int64",
    )
    in_order = bool(np.array_equal(order, np.arange(len(order))))
    new_position = np.empty(len(order), dtype="int64")
    new_position[order] = np.arange(len(order))
    if not in_order:  # a file already in time order (the usual export) needs no copy
        events = events.iloc[order].reset_index(drop=True)
    events["precision"] = events["precision"].astype(PRECISION_DTYPE)

    def renumber(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        event = new_position[frame["event"].to_numpy()]
        frame["event"] = event
        if len(event) and np.any(event[1:] < event[:-1]):
            frame = frame.sort_values("event", kind="stable", ignore_index=True)
        return frame.reset_index(drop=True)

    return events, renumber(event_actors), renumber(event_themes), renumber(excerpts)


def load_dataset(folder: str | Path) -> Dataset:
    """Load a dataset folder, or raise :class:`DatasetError` listing every problem found."""
    root = Path(folder)
    out = _Collector()
    if not root.is_dir():
        raise DatasetError([Problem(str(root), "no such dataset folder")])
    tables = {
        spec.file: _read_table(root, spec, out) for spec in (VOCABULARY, SOURCES, EVENTS, EXCERPTS)
    }
    if not (root / SOURCES_DIR).is_dir():
        out.add(Problem(f"{SOURCES_DIR}/", "folder of article texts is missing"))
    if any(t is None for t in tables.values()):
        raise DatasetError(out.problems)

    actors, themes = _load_vocabulary(tables[VOCABULARY.file], out)
    sources, articles = _load_sources(root, tables[SOURCES.file], out)
    events, event_actors, event_themes = _load_events(tables[EVENTS.file], actors, themes, out)
    excerpts = _load_excerpts(tables[EXCERPTS.file], events, sources, articles, out)
    if out.has_errors:
        raise DatasetError(out.problems)
    _warn_uncited(events, excerpts, sources, out, tables[SOURCES.file])
    events, event_actors, event_themes, excerpts = _finish(
        events, event_actors, event_themes, excerpts
    )
    return Dataset(
        root=root,
        events=events,
        event_actors=event_actors,
        event_themes=event_themes,
        excerpts=excerpts,
        sources=sources,
        vocabulary=tables[VOCABULARY.file].frame,
        articles=articles,
        actors=actors,
        themes=themes,
        warnings=tuple(out.problems),
    )
