"""What a date expression means, independent of any article: the parsed forms the rules resolve."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_NAMES = tuple(m.capitalize() for m in MONTHS)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBREVIATIONS = {"sept": 9, "sep": 9}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


def month_number(word: str) -> int:
    """1-12 for a month name or its usual abbreviation (with or without a full stop)."""
    word = word.lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word]
    for number, name in enumerate(MONTHS, start=1):
        if name == word or (len(word) >= 3 and name.startswith(word)):
            return number
    raise ValueError(word)


@dataclass(frozen=True, order=True)
class Day:
    """A date at its known precision: month and day are 0 when not known."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def iso(self) -> str:
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def label(self) -> str:
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def valid(self) -> bool:
        if not 1 <= self.year <= 9999 or not 0 <= self.month <= 12:
            return False
        if self.day:
            last = calendar.monthrange(self.year, self.month)[1] if self.month else 0
            return 1 <= self.day <= last
        return True


@dataclass(frozen=True)
class Absolute:
    """A date the text states in full: '22 July 2022', 'March 2017', '1961', '1950-53'."""

    start: Day
    end: Day | None = None


@dataclass(frozen=True)
class MonthDay:
    """A day and month without a year: '22 July', 'June 18-19'."""

    month: int
    day: int
    end_day: int = 0


@dataclass(frozen=True)
class MonthOf:
    """A month without its year. ``mode``: 'bare' (by tense), 'last', 'next', 'this', or a year
    offset from the publication year ('July last year' is -1)."""

    month: int
    mode: str | int


@dataclass(frozen=True)
class Weekday:
    """A day of the week (0 = Monday). ``mode``: 'bare' (by tense), 'last', 'next', 'this'."""

    weekday: int
    mode: str


@dataclass(frozen=True)
class Shift:
    """A period counted from the publication date: 'last month' is Shift('month', -1)."""

    unit: str  # day, week, month, year
    amount: int


@dataclass(frozen=True)
class Undated:
    """A mention that gets no date, and why (written to the side report)."""

    reason: str


Expression = Absolute | MonthDay | MonthOf | Weekday | Shift


@dataclass(frozen=True)
class Reading:
    """A parsed mention: its expression and the modifier around it ('since', 'early', ...)."""

    expression: Expression
    phrase: str
    modifier: str = ""
