"""What an imported timeline holds, whatever its file format: slides with checked dates at
their own precision, and their text as plain text.

TimelineJS gives a date as separate numbers (``{"year": 1961, "month": 7}`` or the sheet's
Year, Month and Day columns). Only the parts given are kept: a year alone stays a year, and
no month or day is ever filled in. TimelineJS's text is HTML; it is read as a browser shows
it, so ``&lt;b&gt;`` is the text ``<b>`` and a tag is markup, never text.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from timeline.model.dates import MONTH_NAMES
from timeline.model.problems import Problem
from timeline.model.text import text_problem

# (where, message, bad value or None): a reader locates it (JSON path, or line and column)
Report = Callable[[str, str, object], None]


@dataclass(frozen=True)
class Slide:
    """One event of an imported timeline. ``where`` says where it stands in its file
    (``events[3]``, ``line 5``); dates are ISO strings at their own precision."""

    where: str
    start: str
    end: str = ""
    headline: str = ""
    text: str = ""
    group: str = ""
    unique_id: str = ""
    display_date: str = ""
    time: str = ""  # a time of day TimelineJS gave, which a dataset's dates do not hold
    media: str = ""  # the slide's media address and credit, as text


@dataclass
class Timeline:
    """An imported timeline: its title slide, its events and what could not be kept."""

    title: str = ""
    description: str = ""
    slides: list[Slide] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def whole_number(value: object) -> int | str | None:
    """A date part as TimelineJS reads one: a number, or text of digits (spaces and commas
    removed, as its reader does); None when empty; a message (str) when it is neither."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "is not a whole number"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else "is not a whole number"
    if isinstance(value, str):
        digits = re.sub(r"[\s,]+", "", value)
        if not digits:
            return None
        return int(digits) if re.fullmatch(r"[+-]?[0-9]{1,9}", digits) else "is not a whole number"
    return "is not a whole number"


def iso_date(
    year: object, month: object, day: object, report: Report, *, names: tuple[str, str, str]
) -> str | None:
    """The ISO date ('1961', '1961-07', '1961-07-06') the parts give, or None after reporting
    each bad part (``names``: how the year, month and day are located)."""
    parts = [whole_number(v) for v in (year, month, day)]
    bad = False
    for name, raw, part in zip(names, (year, month, day), parts, strict=True):
        if isinstance(part, str):
            shown = repr(raw) if isinstance(raw, str) else json.dumps(raw)
            report(name, f"{shown} {part}", None)
            bad = True
    if bad:
        return None
    y, m, d = (p if isinstance(p, int) else None for p in parts)
    if y is None:
        report(names[0], "missing; a date needs at least a year", None)
        return None
    return _checked(y, m, d, report, names)


def _checked(
    y: int, m: int | None, d: int | None, report: Report, names: tuple[str, str, str]
) -> str | None:
    """The date, or None after saying which part is out of range."""
    if not 1 <= y <= 9999:
        report(names[0], f"{y} is outside 1–9999: a dataset's years run from 0001 to 9999", None)
        return None
    if m is not None and not 1 <= m <= 12:
        report(names[1], f"{m} is not a month 1–12", None)
        return None
    if d is not None and m is None:
        report(names[2], f"{d} is given without a month; a day needs its month", None)
        return None
    if d is not None and m is not None:
        last = calendar.monthrange(y, m)[1]
        if not 1 <= d <= last:
            month = MONTH_NAMES[m - 1]
            report(names[2], f"{d} is not a day of {month} {y:04d} (1–{last})", None)
            return None
    iso = f"{y:04d}"
    iso += f"-{m:02d}" if m is not None else ""
    return iso + (f"-{d:02d}" if d is not None else "")


def ends_before(start: str, end: str) -> bool:
    """Whether the period ``end`` names is over before the period ``start`` begins."""
    last = _last_day(end)
    first = tuple(int(p) for p in start.split("-")) + (1,) * (3 - len(start.split("-")))
    return last < first


def _last_day(iso: str) -> tuple[int, ...]:
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return (parts[0], 12, 31)
    if len(parts) == 2:
        return (*parts, calendar.monthrange(parts[0], parts[1])[1])
    return tuple(parts)


_SOURCE_BREAK = re.compile(r"\s*[\t\n\r]\s*")


class _TextOf(HTMLParser):
    """The text a browser shows of an HTML fragment: blocks on lines of their own, scripts
    and styles left out."""

    BLOCKS = frozenset(
        {"p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "footer"}
    )
    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in self.HIDDEN
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:  # a line break in the source is a space on the page
            self.parts.append(_SOURCE_BREAK.sub(" ", data))


def html_text(html: str, *, prose: bool) -> str:
    """``html`` as plain text. One line unless ``prose``; in prose, each block is a line of
    its own. White space that a browser would not show (line breaks in the source) is one
    space; spaces the text itself holds are kept."""
    reader = _TextOf()
    reader.feed(html)
    reader.close()
    text = "".join(reader.parts)
    if not prose:
        return _SOURCE_BREAK.sub(" ", text).strip()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def checked_text(value: str, where: str, report: Report, *, prose: bool) -> str:
    """``value`` when the text rule allows it, else '' after reporting the character."""
    problem = text_problem(value, prose=prose)
    if problem:
        report(where, problem, value)
        return ""
    return value
