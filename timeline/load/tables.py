"""Reading one CSV table of a dataset: bytes to stripped text cells, each row located by its
line in the file, every problem collected rather than raised (lazy validation)."""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from timeline.load.arrow_csv import plain_head, read_cells
from timeline.model.columns import strip
from timeline.model.dates import parse_dates
from timeline.model.problems import Problem, shorten
from timeline.model.schema import (
    TableSpec,
)

_PARSER_LINE = re.compile(r"line (\d+)")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_KEEP_TEXT = 1 << 24  # characters: larger tables are read again only if a problem needs a line
_LEADING_BLANK = re.compile(r"[ \t\n]*")
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@dataclass
class Table:
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


MAX_PROBLEMS = 1000  # listed; the rest are counted, so a broken file costs a bounded report
MAX_COLUMNS = 256  # far more than any table's schema; a wider header is one error


class Collector:
    """Accumulates problems, locating row-level ones through their table.

    The first ``limit`` problems are kept; beyond that they are only counted (no message is
    built, no line located), and :attr:`problems` ends with one that says how many more.
    """

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self._listed: list[Problem] = []
        self._more = {"error": 0, "warning": 0}

    @property
    def room(self) -> int:
        """How many more problems will be listed."""
        return max(0, self.limit - len(self._listed))

    @property
    def problems(self) -> list[Problem]:
        more = sum(self._more.values())
        if not more:
            return list(self._listed)
        errors, warnings = self._more["error"], self._more["warning"]
        summary = Problem(
            "dataset",
            f"{more} more problem(s) not listed ({errors} error(s), {warnings} warning(s)); "
            "fix the ones above and check again",
            severity="error" if errors else "warning",
        )
        return [*self._listed, summary]

    def add(self, problem: Problem) -> None:
        if self.room:
            self._listed.append(problem)
        else:
            self._more[problem.severity] += 1

    def skip(self, count: int, severity: str = "error") -> None:
        """Count ``count`` problems that are not built because the list is full."""
        self._more[severity] += count

    def rows(
        self,
        table: Table,
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
        self.skip(max(0, len(positions) - self.room), severity)
        positions = positions[: self.room]
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
        return self._more["error"] > 0 or any(p.severity == "error" for p in self._listed)


def decode(raw: bytes, name: str, out: Collector) -> str | None:
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


def read_table(folder: Path, spec: TableSpec, out: Collector) -> Table | None:
    """Read one CSV as strings and check its columns against the spec."""
    path = folder / spec.file
    outside = outside_problem(folder, path, spec.file)
    if outside:  # refused before reading: a link's target is never read or quoted
        out.add(outside)
        return None
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
    head = plain_head(raw, _KEEP_TEXT)
    if head is not None and _header_width(head) <= MAX_COLUMNS:  # only its header is text
        cells = read_cells(raw, _header_width(head))
        if cells is not None:
            del raw
            return _finish_table(path, spec, _header_line(head), None, cells, out)
    text = decode(raw, spec.file, out)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():  # as `not text.strip()`, without copying a large file
        out.add(Problem(spec.file, f"file is empty; expected a header row: {','.join(spec.names)}"))
        return None
    width = _header_width(text)
    if width > MAX_COLUMNS:  # pandas would build (and strip) every one of them first
        out.add(
            Problem(
                spec.file,
                f"the header has {width} columns; a table has at most {MAX_COLUMNS} "
                f"(expected columns {', '.join(spec.names)})",
                line=_header_line(text),
            )
        )
        return None
    cells = read_cells(_utf8(raw, text), width)
    if cells is not None:
        del raw  # the parsed cells are all that is kept of a large file
        return _finish_table(path, spec, _header_line(text), _kept(text), cells, out)
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
    return _finish_table(path, spec, _header_line(text), _kept(text), cells, out)


def _kept(text: str) -> str | None:  # the text a table keeps; a large one is read again
    return text if len(text) <= _KEEP_TEXT else None


def _finish_table(
    path: Path,
    spec: TableSpec,
    header_line: int,
    text: str | None,
    cells: pd.DataFrame,
    out: Collector,
) -> Table:
    frame = _apply_header(cells, spec.file, header_line, out)
    frame = frame.apply(strip)
    if text is not None:
        table = Table(spec, frame, text)
    else:  # a million rows: hold the parsed frame, not also the file's text
        table = Table(spec, frame, "", reread=functools.partial(_reread, path))
    check_columns(table, out)
    return table


def outside_problem(folder: Path, path: Path, name: str) -> Problem | None:
    """A problem when ``path`` (a link, or a link's child) really lies outside ``folder``."""
    try:
        root = folder.resolve()
        real = path.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop
        return Problem(name, f"cannot be read: {shorten(str(exc))}")
    if real != root and root not in real.parents:
        return Problem(
            name,
            "is a link to a place outside the dataset folder; copy the file into the folder",
        )
    return None


def _utf8(raw: bytes, text: str) -> bytes:
    """``text`` as UTF-8: the file's own bytes when they are exactly that (UTF-8 without a
    BOM, no carriage returns), which saves encoding a copy of a large file."""
    if raw.startswith((codecs.BOM_UTF8, *_UTF16_BOMS)) or b"\r" in raw:
        return text.encode("utf-8")
    return raw  # decoded strictly as UTF-8, so encoding the text again gives these bytes


def _reread(path: Path) -> str:
    """A large table's text again, as first read, to locate problems by line."""
    try:
        text = decode(path.read_bytes(), path.name, Collector())
    except OSError:
        return ""
    return "" if text is None else text.replace("\r\n", "\n").replace("\r", "\n")


def _header_width(text: str) -> int:
    """Commas in the header line plus one: its column count, or more if names hold commas."""
    blank = _LEADING_BLANK.match(text)
    start = blank.end() if blank else 0
    end = text.find("\n", start)
    return text.count(",", start, len(text) if end < 0 else end) + 1


def _header_line(text: str) -> int:
    """The line of the header: the first one that is not blank."""
    blank = _LEADING_BLANK.match(text)  # not lstrip(): that copies a large file
    return text[: blank.end() if blank else 0].count("\n") + 1


def _report_malformed(text: str, name: str, message: str, out: Collector) -> None:
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


def _apply_header(cells: pd.DataFrame, name: str, line: int, out: Collector) -> pd.DataFrame:
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


RESERVED = "this column name is taken by a column the loader computes; rename the column"


def check_columns(table: Table, out: Collector) -> None:
    """Required columns present; unknown ones kept (a warning) unless the loader computes them."""
    spec, columns = table.spec, list(table.frame.columns)
    for name in spec.required:
        if name not in columns:
            have = ", ".join(columns) or "no named columns"
            message = f"required column is missing; the header has: {have}"
            out.add(Problem(spec.file, message, line=1, column=name))
    for name in columns:
        if name in spec.names:
            continue
        if name in spec.derived:  # reported (the load fails), and out of the checks' way
            out.add(Problem(spec.file, RESERVED, line=1, column=name, value=name))
            table.frame = table.frame.drop(columns=name)
            continue
        close = difflib.get_close_matches(name, spec.names, n=1, cutoff=0.75)
        hint = f"; did you mean '{close[0]}'?" if close else "; it is kept as an extra column"
        message = f"unknown column{hint}"
        out.add(Problem(spec.file, message, line=1, column=name, severity="warning"))
    for name in spec.names:
        if name not in table.frame.columns:
            table.frame[name] = pd.Series("", index=table.frame.index, dtype="str")
            table.absent.add(name)


def check_required_values(table: Table, columns: tuple[str, ...], out: Collector) -> None:
    for name in columns:
        out.rows(table, table.frame[name] == "", name, "must not be empty")


def check_unique(table: Table, column: str, out: Collector) -> None:
    values = table.frame[column]
    dup = values.duplicated(keep="first") & (values != "")
    out.rows(table, dup, column, "duplicate id; ids must be unique")


def validate_dates(table: Table, column: str, out: Collector, *, required: bool) -> pd.DataFrame:
    parsed = parse_dates(table.frame[column])
    bad = parsed["error"] != ""
    out.rows(table, bad, column, parsed["error"])
    if required:
        out.rows(table, table.frame[column] == "", column, "a date is required")
    return parsed
