"""The relative date expression an event's date was worked out from, in its sources' words.

An event whose ``date_basis`` is ``relative`` was dated by reading an expression such as
"last September", "in February" or "Tuesday" against an article's publication date. The
format has no column for that expression, but it is there to be found: the editor's ``note``
usually quotes it (the bundled notes do, and so do the ones ``timeline draft`` writes), and
the event's excerpts are the sentences it stands in.

:func:`relative_expression` finds it with written patterns for English news prose (the kinds
of expression ``timeline draft`` resolves) and returns it exactly as written. It would rather
find nothing than a wrong one: excerpts holding two different expressions, neither of which
the note names, give none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Month and weekday names are capitalised in English prose: "may" and "march" are verbs.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b(?![-.]))"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_DAY = r"\b[0-3]?\d(?:st|nd|rd|th)?\b"
_DAYS = _DAY + r"(?:\s*(?:-|–|to|and)\s*" + _DAY + ")?"
_UNIT = r"(?:week|weekend|month|year)\b"
_NUMBERS = (
    "a",
    "an",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)
# where a capitalised keyword starts a sentence (mid-sentence, "Today" is a name)
_SENTENCE_START = r"(?:^|(?<=[.!?]\s)|(?<=[“‘\"'(]))"
# a year after a month or a day makes the date absolute: "June 2024", "18 June, 2024"
_NO_YEAR = r"(?!,?\s+(?:of\s+)?\d{4}\b)"


def _word(*words: str) -> str:
    """Keywords in lower case, or capitalised where they start a sentence."""
    lower = "|".join(words)
    upper = "|".join(w[0].upper() + w[1:] for w in words)
    return rf"\b(?:(?:{lower})|{_SENTENCE_START}(?:{upper}))\b"


_INTRO = _word("in", "since", "until", "by", "from", "during", "before", "after", "early", "late")
_FORMS = (
    # "earlier this year", "later in this month"
    _word("earlier", "later") + r"\s+(?:in\s+)?this\s+" + _UNIT,
    # "July last year"
    r"\b" + _MONTH + r"\s+(?:of\s+)?(?:last|next|this)\s+year\b",
    # "last September", "next Tuesday", "last month", "this morning"
    _word("last", "next", "this", "coming")
    + rf"\s+(?:{_MONTH}|{_WEEKDAY}|{_UNIT}|(?:morning|afternoon|evening)\b)",
    # "two years ago"
    rf"(?:\b\d{{1,3}}|{_word(*_NUMBERS)})\s+(?:day|week|month|year)s?\s+ago\b",
    _word("yesterday", "tomorrow", "tonight", "today"),
    # a day and month without a year: "on 3 September", "18-19 June"
    rf"(?:{_word('on')}\s+)?{_DAYS}\s+(?:of\s+)?{_MONTH}{_NO_YEAR}",
    # "June 18-19", "September 3" (not "September 2023")
    rf"\b{_MONTH}\s+{_DAYS}{_NO_YEAR}",
    # a month on its own after a word that brings it in: "in February", "since mid-March"
    rf"(?:{_INTRO}\s+(?:mid-)?|\b[Mm]id-){_MONTH}{_NO_YEAR}(?!\s*\d)"
    + r"(?:\s+(?:of\s+)?(?:last|next|this)\s+year\b)?",
    # a day of the week, not one written with its date: "on Tuesday", "starting Tuesday"
    rf"(?:{_word('on')}\s+)?\b{_WEEKDAY}(?!,?\s+(?:\d|{_MONTH}))",
)
_EXPRESSION = re.compile("|".join(f"(?:{form})" for form in _FORMS))
# a span the note puts in quotation marks: typographic or straight, single or double (an
# apostrophe inside a word, as in "Kim's", neither opens nor closes one)
_QUOTED = re.compile(r"‘(.+?)’(?!\w)|“(.+?)”|(?<!\w)'(.+?)'(?!\w)|\"(.+?)\"", re.DOTALL)
# a quotation of the note that is nothing but a month or a weekday names the expression itself
_NAME_ONLY = re.compile(f"(?:{_MONTH}|{_WEEKDAY})")
_LEADING = re.compile(r"^(?:on|in)\s+", re.IGNORECASE)


def expressions(text: str) -> list[str]:
    """Every relative date expression in ``text``, as written, in order."""
    return [m.group(0).strip() for m in _EXPRESSION.finditer(text)]


def _key(expression: str) -> str:
    """What two wordings of one expression share ("on Tuesday" and "Tuesday")."""
    return _LEADING.sub("", " ".join(expression.split())).casefold()


def relative_expression(note: str, quotes: Iterable[str]) -> str | None:
    """The expression a relative date was read from, exactly as written, or None.

    First the spans the ``note`` quotes, in order: the editor quotes the words the date rests
    on. Else the excerpts' ``quotes``: their one expression, or, when they hold several, the
    one the note names. Else None.
    """
    note = note if isinstance(note, str) else ""
    for match in _QUOTED.finditer(note):
        span = next(group for group in match.groups() if group is not None).strip()
        if _NAME_ONLY.fullmatch(span):
            return span
        found = expressions(span)
        if found:
            return found[0]
    candidates: dict[str, str] = {}
    for quote in quotes:
        for expression in expressions(str(quote)):
            candidates.setdefault(_key(expression), expression)
    if len(candidates) > 1:
        named = note.casefold()
        candidates = {
            key: value
            for key, value in candidates.items()
            if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", named)
        }
    return next(iter(candidates.values())) if len(candidates) == 1 else None
