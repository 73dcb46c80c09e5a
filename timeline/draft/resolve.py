"""Resolving a parsed expression against the article's publication date, with the reasoning
written out; a date is never given finer than the publication date allows."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from timeline.draft.expressions import (
    Absolute,
    Day,
    MonthDay,
    MonthOf,
    Reading,
    Shift,
    Undated,
    Weekday,
)
from timeline.draft.tense import FUTURE, PAST

_MODIFIER_NOTES = {
    "since": "the sentence speaks of a time since then",
    "until": "the sentence speaks of a time up to then",
    "till": "the sentence speaks of a time up to then",
    "by": "the sentence speaks of something done by then",
    "before": "the sentence speaks of a time before it",
    "after": "the sentence speaks of a time after it",
    "from": "the sentence speaks of a time from then on",
}


@dataclass(frozen=True)
class Published:
    """An article's publication date as a period: its first and last possible days."""

    day: Day

    @property
    def first(self) -> dt.date:
        return dt.date(self.day.year, self.day.month or 1, self.day.day or 1)

    @property
    def last(self) -> dt.date:
        month = self.day.month or 12
        last_day = calendar.monthrange(self.day.year, month)[1]
        return dt.date(self.day.year, month, self.day.day or last_day)

    @classmethod
    def parse(cls, iso: str) -> Published | None:
        parts = iso.strip().split("-")
        try:
            numbers = [int(p) for p in parts]
        except ValueError:
            return None
        if not 1 <= len(numbers) <= 3:
            return None
        day = Day(*numbers)
        return cls(day) if day.valid else None


@dataclass(frozen=True)
class Dated:
    """A mention's date (and end, for a span), its basis and the note that explains it."""

    date: Day
    end: Day | None
    basis: str  # stated or relative
    note: str


def resolve(reading: Reading, published: Published | None, tense: str | None) -> Dated | Undated:
    """The reading's date, or why it has none."""
    expression = reading.expression
    quoted = f"'{reading.phrase}'"
    if isinstance(expression, Absolute):
        label = _span_label(expression.start, expression.end)
        note = f"{quoted} is stated in the sentence → {label}"
        return Dated(expression.start, expression.end, "stated", note + _modifier(reading))
    if published is None:
        return Undated("no publication date to resolve against")
    try:
        early = _relative(expression, published.first, tense)
        late = _relative(expression, published.last, tense)
    except ValueError:
        return Undated("no such day")
    if early != late:
        return Undated(
            f"publication date known only to {published.day.label}: too coarse to place {quoted}"
        )
    start, end = early
    reference = published.day.label
    note = f"{quoted} read against {reference} → {_span_label(start, end)}"
    why = _tense_note(expression, tense)
    if why:
        note += f" ({why})"
    return Dated(start, end, "relative", note + _modifier(reading))


def _modifier(reading: Reading) -> str:
    first = reading.modifier.split()[0] if reading.modifier else ""
    extra = _MODIFIER_NOTES.get(first)
    return f"; '{first}': {extra}, so the event may not fall on this date" if extra else ""


def _span_label(start: Day, end: Day | None) -> str:
    return start.label if end is None else f"{start.label} – {end.label}"


def _tense_note(expression, tense: str | None) -> str:
    if not _needs_tense(expression):
        return ""
    if tense == PAST:
        return "past tense: the one on or before publication"
    if tense == FUTURE:
        return "future tense: the one on or after publication"
    return "no past-tense verb near it: read as the coming one"


def _needs_tense(expression) -> bool:
    return isinstance(expression, MonthDay) or (
        isinstance(expression, MonthOf | Weekday) and expression.mode in ("bare", "this")
    )


def _relative(expression, ref: dt.date, tense: str | None) -> tuple[Day, Day | None]:
    past = tense == PAST
    if isinstance(expression, MonthOf):
        return Day(_month_year(expression, ref, past), expression.month), None
    if isinstance(expression, MonthDay):
        return _month_day(expression, ref, past)
    if isinstance(expression, Weekday):
        return _day(_weekday(expression, ref, past)), None
    if isinstance(expression, Shift):
        return _shift(expression, ref)
    raise TypeError(expression)


def _month_year(expression: MonthOf, ref: dt.date, past: bool) -> int:
    month, mode = expression.month, expression.mode
    if isinstance(mode, int):
        return ref.year + mode
    if mode == "last":
        return ref.year if month < ref.month else ref.year - 1
    if mode == "next":
        return ref.year if month > ref.month else ref.year + 1
    if past:  # bare or 'this', in a past-tense sentence: the latest one not after publication
        return ref.year if month <= ref.month else ref.year - 1
    return ref.year if month >= ref.month else ref.year + 1


def _month_day(expression: MonthDay, ref: dt.date, past: bool) -> tuple[Day, Day | None]:
    year = ref.year
    if past and (expression.month, expression.day) > (ref.month, ref.day):
        year -= 1
    elif not past and (expression.month, expression.day) < (ref.month, ref.day):
        year += 1
    start = Day(year, expression.month, expression.day)
    end = Day(year, expression.month, expression.end_day) if expression.end_day else None
    if not start.valid or (end is not None and not end.valid):
        raise ValueError("no such day")
    return start, end


def _weekday(expression: Weekday, ref: dt.date, past: bool) -> dt.date:
    back = (ref.weekday() - expression.weekday) % 7
    ahead = (expression.weekday - ref.weekday()) % 7
    if expression.mode == "last":
        return ref - dt.timedelta(days=back or 7)
    if expression.mode == "next":
        return ref + dt.timedelta(days=ahead or 7)
    return ref - dt.timedelta(days=back) if past else ref + dt.timedelta(days=ahead)


def _shift(expression: Shift, ref: dt.date) -> tuple[Day, Day | None]:
    n = expression.amount
    if expression.unit == "year":
        return Day(ref.year + n), None
    if expression.unit == "month":
        index = ref.year * 12 + ref.month - 1 + n
        return Day(index // 12, index % 12 + 1), None
    if expression.unit == "day":
        return _day(ref + dt.timedelta(days=n)), None
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=n)
    return _containing(monday, monday + dt.timedelta(days=6)), None


def _day(date: dt.date) -> Day:
    return Day(date.year, date.month, date.day)


def _containing(first: dt.date, last: dt.date) -> Day:
    """The finest ISO period (month or year) holding both days: a week has no ISO precision."""
    if (first.year, first.month) == (last.year, last.month):
        return Day(first.year, first.month)
    if first.year == last.year:
        return Day(first.year)
    raise ValueError("a week across the turn of a year")
