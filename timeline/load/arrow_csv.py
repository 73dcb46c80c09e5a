"""Reading a well-formed CSV table with pyarrow: straight into arrow text columns, with no
Python string per cell (pandas' reader makes one for each, then converts them)."""

from __future__ import annotations

import codecs
import io
import re

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

_LEADING_BLANK = re.compile(rb"[ \t\n]*")  # what pandas skips before the header


def read_cells(data: bytes, width: int) -> pd.DataFrame | None:
    """The cells of a well-formed table, read by pyarrow's CSV reader straight into arrow
    text columns (pandas' reader makes a Python string of every cell first: at a million rows
    that is most of the load time and memory), or None to read it with pandas.

    It reads only what it reads exactly as pandas would: every record as wide as the header
    (a short or long one, or a line of spaces, which pandas skips, is an error here), empty
    lines skipped, quoted fields may hold line breaks and doubled quotes. Anything else, a
    one-column table among them, goes to pandas, which reports what is wrong.
    """
    if width < 2:
        return None
    names = [str(i) for i in range(width)]
    # a quoted field never closed is read to the end of the file by pyarrow (pandas refuses
    # it): after the file comes a record of empty cells, which is one only if every quote
    # was closed; it is dropped again
    sentinel = b"\n" + b"," * (width - 1) + b"\n"
    try:
        table = pa_csv.read_csv(
            io.BufferedReader(_Joined(data, sentinel), buffer_size=1 << 20),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    last = table.slice(table.num_rows - 1) if table.num_rows else None
    if last is None or any(last.column(i)[0].as_py() != "" for i in range(width)):
        return None
    table = table.slice(0, table.num_rows - 1)
    if table.num_rows == 0:
        return None
    return pd.DataFrame(
        {i: pd.array(table.column(i), dtype="str") for i in range(width)}, copy=False
    )


def plain_head(raw: bytes, larger_than: int) -> str | None:
    """The text up to the header's end of a file over ``larger_than`` bytes whose bytes are
    UTF-8 text as it is (no BOM, no NUL, no carriage return, not blank), else None.

    Such a file is parsed from its bytes, and read again only to locate a problem: decoding
    it all (a copy as large as the file) buys nothing. Whether it is valid UTF-8 is left to
    the parser, which checks every cell and so every byte (the rest are ASCII separators);
    if it is not, the file takes the decoding path, which says where."""
    if len(raw) <= larger_than or raw.startswith(codecs.BOM_UTF8):
        return None
    if b"\x00" in raw or b"\r" in raw:
        return None
    start = _LEADING_BLANK.match(raw).end()  # type: ignore[union-attr]
    if start == len(raw):
        return None
    end = raw.find(b"\n", start)
    try:
        head = raw[: len(raw) if end < 0 else end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if head[start].isspace() else head  # blank, or not plainly so: slow path


class _Joined(io.RawIOBase):
    """Byte strings read one after another as one stream, without joining them in memory."""

    def __init__(self, *parts: bytes) -> None:
        self._parts = [memoryview(part) for part in parts]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        while self._parts and not len(self._parts[0]):
            self._parts.pop(0)
        if not self._parts:
            return 0
        part = self._parts[0]
        n = min(len(buffer), len(part))
        buffer[:n] = part[:n]
        self._parts[0] = part[n:]
        return n
