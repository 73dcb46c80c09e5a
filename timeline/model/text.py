"""The one rule for text: what a dataset, its metadata and the command line may hold.

Whatever ``timeline check`` accepts must render in every output (the app, PNG/SVG/PDF charts,
HTML, PDF, Word and Markdown reports, CSV). Three kinds of character break some of them and
are never text anyone meant to write, so they are refused wherever text enters:

- control characters (C0, DEL and C1), except the white space a value may hold: a tab or a
  line break in prose (summaries, notes, quotes, descriptions), none at all in a one-line
  value (ids, names, titles, dates). The XML under SVG and Word refuses most of them, so a
  chart or a report with one fails;
- noncharacters: U+FDD0 to U+FDEF and the last two code points of every plane (U+FFFE,
  U+FFFF, U+1FFFE, …), which are for a program's internal use, never for interchange;
- unpaired surrogates (U+D800 to U+DFFF): no UTF-8 file can hold one, but a JSON escape
  (``"\\ud800"``) or a command-line argument that is not UTF-8 can, and nothing can write
  them out again.

Everything else is allowed, and rendered: emoji and their joiners, combining marks, right-to-
left text and its directional marks and isolates, U+2028/U+2029, private-use characters.

The module also says which cells a spreadsheet would run as formulas (:func:`formula_like`):
allowed, and kept verbatim, but warned of, and written safely by the CSV export on request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.model.columns import arrow_chunks

WHITESPACE_CONTROLS = "\t\n\r"  # the only control characters prose may hold

_CONTROLS = [(0x00, 0x1F), (0x7F, 0x9F)]
_NONCHARACTERS = [(0xFDD0, 0xFDEF)] + [
    (plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
]
_SURROGATES = (0xD800, 0xDFFF)
T = TypeVar("T")

# names for the controls people meet, so a message says more than a code point
_NAMES = {
    0x00: "NUL",
    0x09: "tab",
    0x0A: "line break",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
}


def _ranges(*, prose: bool) -> list[tuple[int, int]]:
    """The refused code points as ranges; prose keeps tab and line breaks."""
    allowed = {ord(c) for c in WHITESPACE_CONTROLS} if prose else set()
    refused = [c for lo, hi in _CONTROLS for c in range(lo, hi + 1) if c not in allowed]
    runs: list[tuple[int, int]] = []
    for code in refused:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs + _NONCHARACTERS


def _python_class(ranges: list[tuple[int, int]]) -> re.Pattern[str]:
    """A class of candidates: the refused BMP ranges and surrogates exactly, and one range
    from U+1FFFE up that :func:`first_bad` narrows to its noncharacters. Python's ``re`` is
    many times slower with a range per plane, so the planes are checked after a match."""
    bmp = [(lo, hi) for lo, hi in ranges if hi < 0x10000]
    parts = [
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "")
        for lo, hi in [*bmp, _SURROGATES, (0x1FFFE, 0x10FFFF)]
    ]
    return re.compile("[" + "".join(parts) + "]")


def _re2_class(ranges: list[tuple[int, int]]) -> str:
    """The same class for pyarrow (RE2): arrow text is valid UTF-8, so holds no surrogate."""
    parts = [f"\\x{{{lo:X}}}" + (f"-\\x{{{hi:X}}}" if hi > lo else "") for lo, hi in ranges]
    return "[" + "".join(parts) + "]"


_PATTERNS = {prose: _python_class(_ranges(prose=prose)) for prose in (False, True)}
_ARROW_PATTERNS = {prose: _re2_class(_ranges(prose=prose)) for prose in (False, True)}


@dataclass(frozen=True)
class BadCharacter:
    """The first refused character of a text: what it is and where (1-based)."""

    char: str
    position: int

    @property
    def code(self) -> str:
        """``U+0001``: how a message names it, whatever a terminal would make of it."""
        return f"U+{ord(self.char):04X}"

    @property
    def kind(self) -> str:
        """What sort of character it is, in words."""
        code = ord(self.char)
        name = _NAMES.get(code)
        if _SURROGATES[0] <= code <= _SURROGATES[1]:
            if 0xDC80 <= code <= 0xDCFF:  # how Python carries a byte that is not UTF-8
                return f"an unpaired surrogate: the byte 0x{code - 0xDC00:02X}, not UTF-8"
            return "an unpaired surrogate"
        if any(lo <= code <= hi for lo, hi in _NONCHARACTERS):
            return "a noncharacter"
        kind = "a control character"
        return f"{kind} ({name})" if name else kind

    def describe(self) -> str:
        """'U+000B (a control character (vertical tab)) at character 5'."""
        return f"{self.code} ({self.kind}) at character {self.position}"


def expected(*, prose: bool) -> str:
    """What the rule asks for, said in a message after the character found."""
    if prose:
        return (
            "expected text without control characters (tabs and line breaks are fine), "
            "noncharacters or unpaired surrogates"
        )
    return (
        "expected one line of text: no tabs, line breaks or other control characters, "
        "noncharacters or unpaired surrogates"
    )


def _refused(text: str, prose: bool) -> Iterator[re.Match[str]]:
    """Every refused character of ``text``, in order."""
    for found in _PATTERNS[prose].finditer(text):
        code = ord(found.group())
        if code < 0x10000 or code & 0xFFFE == 0xFFFE:  # past the BMP, only noncharacters
            yield found


def first_bad(text: str, *, prose: bool = False) -> BadCharacter | None:
    """The first character of ``text`` the rule refuses, or None when it is all allowed."""
    found = next(_refused(text, prose), None)
    return None if found is None else BadCharacter(found.group(), found.start() + 1)


def count_refused(text: str, *, prose: bool = False) -> int:
    """How many characters of ``text`` the rule refuses."""
    return sum(1 for _ in _refused(text, prose))


def text_problem(text: str, *, prose: bool = False) -> str | None:
    """A one-line message (the character, where, what was expected) or None if ``text``
    follows the rule."""
    bad = first_bad(text, prose=prose)
    return None if bad is None else f"{bad.describe()}; {expected(prose=prose)}"


# bytes that may begin a refused character in UTF-8: a control (C1 ones are C2 80–9F), EF
# (U+FDD0–U+FDEF, U+FFFE, U+FFFF) or a four-byte lead (the other planes' last two)
_MAYBE = {prose: np.zeros(256, dtype=bool) for prose in (False, True)}
for _prose, _table in _MAYBE.items():
    _table[[*range(0x20), 0x7F, 0xC2, 0xEF, *range(0xF0, 0x100)]] = True
    _table[[ord(c) for c in WHITESPACE_CONTROLS]] = not _prose
_STEP = 1 << 24  # bytes looked at at once: the temporaries stay small


def refused_rows(values: pd.Series, *, prose: bool) -> np.ndarray:
    """Positions of the values of a text column that hold a refused character. The column's
    UTF-8 bytes are scanned with numpy for bytes that may begin one (plain text has none),
    and only the values holding such a byte are matched against the rule, by pyarrow: no
    Python string is made per cell."""
    found, base = [], 0
    for chunk in arrow_chunks(values).chunks:
        maybe = np.flatnonzero(_maybe_refused(chunk, _MAYBE[prose]))
        if len(maybe):
            hit = pc.match_substring_regex(chunk.take(pa.array(maybe)), _ARROW_PATTERNS[prose])
            found.append(maybe[np.asarray(hit.fill_null(False), dtype=bool)] + base)
        base += len(chunk)
    return np.concatenate(found) if found else np.zeros(0, dtype="int64")


def _maybe_refused(array: pa.LargeStringArray, suspect: np.ndarray) -> np.ndarray:
    """Per value: does it hold a byte ``suspect`` marks?"""
    n = len(array)
    odd = np.zeros(n, dtype=bool)
    _, offsets_buffer, data_buffer = array.buffers()
    if n == 0 or data_buffer is None:
        return odd
    offsets = np.frombuffer(offsets_buffer, dtype="int64")[array.offset : array.offset + n + 1]
    data = np.frombuffer(data_buffer, dtype="uint8")
    for start in range(int(offsets[0]), int(offsets[-1]), _STEP):
        stop = min(start + _STEP, int(offsets[-1]))
        at = np.flatnonzero(suspect[data[start:stop]]) + start
        if len(at):
            odd[np.searchsorted(offsets, at, side="right") - 1] = True
    return odd


def escape_refused(text: str) -> str:
    """``text`` with every refused character written as ``\\uXXXX`` (nothing else changed),
    so a message that quotes a bad value prints as plain, readable text in any terminal."""
    if first_bad(text) is None:
        return text
    parts, at = [], 0
    for found in _refused(text, False):
        code = ord(found.group())
        parts += [
            text[at : found.start()],
            f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}",
        ]
        at = found.end()
    return "".join([*parts, text[at:]])


def check_text_option(ctx: Any, param: Any, value: T) -> T:
    """Click callback for a free-text command-line option (one value, or a repeated option's
    tuple): the value as given, or a usage error (exit 2) naming the option, the character
    and where it is. Arguments that are not UTF-8 reach Python as unpaired surrogates, so
    they are refused here, before anything tries to print or render them."""
    import click  # only the commands need it; the rule itself does not

    for item in value if isinstance(value, tuple | list) else (value,):
        if isinstance(item, str) and (problem := text_problem(item)):
            raise click.BadParameter(problem, ctx=ctx, param=param)
    return value


# A spreadsheet opening a CSV runs a cell that begins with =, +, -, @, a tab or a carriage
# return as a formula (OWASP, "CSV Injection"); a plain number ("-5", "+3.2") is a number.
_FORMULA = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?[0-9]+(\.[0-9]+)?$"


def formula_like(values: pd.Series) -> np.ndarray:
    """Per value of a text column: would a spreadsheet take it for a formula? Quotes and
    other text are kept verbatim in the dataset; this only says which cells to warn about,
    or to write with a leading apostrophe when a CSV is made for a spreadsheet."""
    array = arrow_chunks(values)
    risky = pc.and_not(
        pc.match_substring_regex(array, _FORMULA),
        pc.match_substring_regex(array, _PLAIN_NUMBER),
    )
    return np.asarray(risky.combine_chunks().fill_null(False), dtype=bool)
