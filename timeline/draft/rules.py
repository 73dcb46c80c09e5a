"""Written rules that read one date mention, in its sentence, as a date expression or say why not.

The rules are for English news prose in general: they know month and weekday names, the usual
ways of writing a date, relative phrases counted from the publication date, and the traps
(the modal 'may', the name 'May', counts such as '2,000 troops' that look like years).
"""

from __future__ import annotations

import re

from timeline.draft.expressions import (
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    Absolute,
    Day,
    MonthDay,
    MonthOf,
    Reading,
    Shift,
    Undated,
    Weekday,
    month_number,
)

_M = (
    r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_D = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{}>[12]\d{{3}})"
_TO = r"\s*(?:-|to|and|until|till|through)\s*"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUMBER = r"(?P<n>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"


def _grammar(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_WEEKDAY_PREFIX = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_DAY_MONTH = _grammar(
    _WEEKDAY_PREFIX
    + _D.format("d1")
    + "(?:"
    + _TO
    + _D.format("d2")
    + r")?\s+(?:of\s+)?"
    + _M.format("m")
    + r"(?:,?\s+"
    + _Y.format("y")
    + ")?"
)
_MONTH_DAY = _grammar(
    _WEEKDAY_PREFIX
    + _M.format("m")
    + r"\s+"
    + _D.format("d1")
    + "(?:"
    + _TO
    + _D.format("d2")
    + r")?(?:,?\s+"
    + _Y.format("y")
    + ")?"
)
_MONTH_YEAR = _grammar(_M.format("m") + r",?\s+(?:of\s+)?" + _Y.format("y"))
_MONTH_RANGE_YEAR = _grammar(
    _M.format("m1") + _TO + _M.format("m2") + r",?\s+(?:of\s+)?" + _Y.format("y")
)
_ISO = _grammar(r"(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)")
_YEAR = _grammar(_Y.format("y"))
_YEAR_RANGE = _grammar(_Y.format("y1") + _TO + r"(?P<y2>[12]\d{3}|\d{2})")
_SEASON_YEAR = _grammar(
    r"(?:spring|summer|autumn|fall|winter),?\s+(?:of\s+)?"
    + _Y.format("y")
    + r"(?:\s*-\s*(?P<y2>\d{2}|\d{4}))?"
)
_SEASON = _grammar(
    r"(?:the\s+)?(?:(?:last|next|this|coming|early|late)\s+)?"
    r"(?:spring|summer|autumn|fall|winter)"
)
_HALF_YEAR = _grammar(
    r"(?:the\s+)?(?:first|second|last|final|1st|2nd|3rd|4th|third|fourth)\s+"
    r"(?:half|quarter)\s+(?:of\s+)?" + _Y.format("y")
)
_MONTH_REL_YEAR = _grammar(_M.format("m") + r"\s+(?:of\s+)?(?P<rel>last|next|this)\s+year")
_REL_MONTH = _grammar(r"(?P<rel>last|next|this|coming)\s+" + _M.format("m"))
_BARE_MONTH = _grammar(_M.format("m"))
_REL_WEEKDAY = _grammar(r"(?:(?P<rel>last|next|this|coming)\s+)?" + _WEEKDAY + _PART_OF_DAY)
_REL_UNIT = _grammar(r"(?P<rel>last|next|this|coming|past)\s+(?P<unit>year|month|week)")
_AGO = _grammar(_NUMBER + r"\s+(?P<unit>day|week|month|year)s?\s+ago")
_EARLIER_LATER = _grammar(r"(?:earlier|later)\s+(?:in\s+)?this\s+(?P<unit>year|month|week)")
_PART_OF_UNIT = _grammar(
    r"(?:the\s+)?(?:end|beginning|start|middle|turn)\s+of\s+(?:the|this)\s+(?P<unit>year|month|week)"
)
_DAY_WORD = _grammar(
    r"(?P<word>yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening))"
)

_DECADE = _grammar(
    r"(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?(?:\d{3}0s|'?\d0s|twenties|thirties|forties|"
    r"fifties|sixties|seventies|eighties|nineties)"
)
_CENTURY = _grammar(r"(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?\w+(?:-|\s+)century")
_VAGUE = _grammar(
    r"(?:.*\b)?(?:recent|recently|these\s+days|nowadays|now|currently|at\s+the\s+time|soon|"
    r"future|past|historically|once|formerly|previously|lately|"
    r"coming\s+(?:hours|days|weeks|months|years))(?:\b.*)?"
)
_ANCHORED = _grammar(
    r"(?:.*\b)?(?:the\s+(?:day|week|month|year)\s+(?:before|after)|the\s+(?:following|previous|"
    r"next|same)\s+(?:day|week|month|year)|(?:days?|weeks?|months?|years?)\s+(?:later|earlier|"
    r"before|after)|that\s+(?:day|week|month|year))(?:\b.*)?"
)
_DURATION = _grammar(
    r"(?:.*\b)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|"
    r"some|couple\s+of|half\s+a)[-\s]+(?:hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))"
    r"(?:\b.*)?"
    r"|(?:.*\b)?(?:decades|centuries|years|months|weeks)(?:\b.*)?"
)
_RECURRING = _grammar(
    r"(?:.*\b)?(?:every|each|mondays|tuesdays|wednesdays|thursdays|fridays|"
    r"saturdays|sundays|weekly|monthly|annually|daily)(?:\b.*)?"
)
_TIME_OF_DAY = _grammar(
    r"(?:.*\b)?(?:\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d\d|"
    r"noon|midnight|o'clock|morning|afternoon|evening|night)(?:\b.*)?"
)

# words before a mention that say what it is relative to, kept for the note
_MODIFIER = re.compile(
    r"^(?P<mod>(?:(?:in|on|at|during|throughout|from|since|until|till|through|by|before|after|"
    r"around|about|circa|starting|beginning|as\s+of|as\s+early\s+as|as\s+recently\s+as|"
    r"the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of|"
    r"early|late|mid-|mid|of|the)\s+|mid-)+)",
    re.IGNORECASE,
)
_MONTH_CUES = {
    "in", "on", "of", "since", "until", "till", "by", "during", "before", "after", "last",
    "next", "this", "early", "late", "mid", "mid-", "from", "through", "throughout", "between",
    "and", "or", "to", "in early", "in late", "end", "beginning", "start", "coming", "-", "–",
    "—", ",",
}  # fmt: skip
_YEAR_CUES = {
    "in", "since", "of", "by", "until", "till", "from", "to", "between", "and", "early", "late",
    "mid", "mid-", "during", "before", "after", "around", "circa", "c.", "throughout", "year",
    "the", "its", "his", "her", "their", "summer", "winter", "spring", "autumn", "fall", "as",
    "-", "–", ",", "through", "for", "than", "also", "back",
}  # fmt: skip
_QUANTITY_CUES = {
    "about", "around", "some", "nearly", "almost", "over", "than", "least", "up", "roughly",
    "approximately", "only", "just", "sent", "deployed", "killed", "hired", "built", "employs",
    "employed", "with", "another", "additional", "extra", "of",
}  # fmt: skip
_UNIT_NOUNS = {
    "troops", "soldiers", "people", "persons", "men", "women", "children", "civilians",
    "refugees", "migrants", "workers", "residents", "casualties", "deaths", "dead", "victims",
    "prisoners", "fighters", "tanks", "missiles", "shells", "rounds", "drones", "aircraft",
    "planes", "jets", "ships", "vessels", "vehicles", "units", "homes", "houses", "buildings",
    "tonnes", "tons", "barrels", "megawatts", "gigawatts", "kilowatts", "watts", "mw", "gw",
    "kw", "km", "kilometres", "kilometers", "miles", "metres", "meters", "feet", "hectares",
    "acres", "dollars", "euros", "pounds", "yuan", "rubles", "roubles", "yen", "votes", "seats",
    "members", "delegates", "students", "jobs", "cases", "words", "pages", "times", "years",
    "days", "hours", "minutes", "seconds", "percent", "per", "%", "points", "containers",
    "employees", "staff", "officers", "police", "protesters", "demonstrators", "species",
    "kg", "kilograms", "litres", "liters", "cars", "trucks", "rockets", "bombs", "warheads",
    "patients", "beds", "schools", "villages", "families", "households", "signatures",
}  # fmt: skip
_WORD = re.compile(r"[\w'’.%-]+|[,–—-]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def parse(mention: str, before: str = "", after: str = "") -> Reading | Undated:
    """Read ``mention`` (as it stands in the text) with the sentence text around it."""
    phrase = re.sub(r"\s+", " ", mention.replace("–", "-").replace("—", "-")).strip(" ,.;:")
    if not phrase:
        return Undated("empty")
    trap = _trap(phrase, before, after)
    if trap is not None:
        return trap
    for pattern, reason in (
        (_DECADE, "decade"),
        (_CENTURY, "century"),
        (_ANCHORED, "relative to another event in the text, not to the publication date"),
        (_RECURRING, "recurring, not one date"),
        (_SEASON, "season without a year"),
        (_VAGUE, "vague"),
    ):
        if pattern.fullmatch(phrase):
            return Undated(reason)
    reading = _read(phrase)
    if reading is not None:
        return reading
    if _DURATION.fullmatch(phrase):
        return Undated("duration")
    if _TIME_OF_DAY.fullmatch(phrase):
        return Undated("time of day without a date")
    return Undated("not understood by the rules")


def _read(phrase: str) -> Reading | None:
    """The phrase as an expression, trying it whole and then without leading modifiers."""
    whole = _expression(phrase)
    if whole is not None:
        return Reading(whole, phrase)
    found = _MODIFIER.match(phrase)
    if found:
        core = phrase[found.end() :].strip()
        expression = _expression(core) if core else None
        if expression is not None:
            modifier = re.sub(r"\s+", " ", found.group("mod")).strip().lower()
            return Reading(expression, phrase, _meaningful(modifier))
    return None


def _meaningful(modifier: str) -> str:
    """The modifier words worth a note (not 'in', 'on', 'the', 'of')."""
    words = [w for w in re.split(r"\s+", modifier) if w not in {"in", "on", "at", "the", "of"}]
    return " ".join(words)


def _expression(text: str):  # one branch per written form
    if m := _ISO.fullmatch(text):
        return _absolute(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text):
        month, d1 = month_number(m["m"]), int(m["d1"])
        d2 = int(m["d2"]) if m["d2"] else 0
        if d2 and d2 <= d1:
            return None
        if m["y"]:
            start = Day(int(m["y"]), month, d1)
            end = Day(int(m["y"]), month, d2) if d2 else None
            if not start.valid or (end and not end.valid):
                return None
            return Absolute(start, end)
        if not 1 <= d1 <= 31:
            return None
        return MonthDay(month, d1, d2)
    if m := _MONTH_YEAR.fullmatch(text):
        return Absolute(Day(int(m["y"]), month_number(m["m"])))
    if m := _MONTH_RANGE_YEAR.fullmatch(text):
        m1, m2 = month_number(m["m1"]), month_number(m["m2"])
        return Absolute(Day(int(m["y"]), m1), Day(int(m["y"]), m2)) if m2 > m1 else None
    if m := _YEAR.fullmatch(text):
        return Absolute(Day(int(m["y"])))
    if m := _YEAR_RANGE.fullmatch(text):
        y1, tail = int(m["y1"]), m["y2"]
        y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
        return Absolute(Day(y1), Day(y2)) if y2 > y1 else None
    if m := _SEASON_YEAR.fullmatch(text):
        y1, tail = int(m["y"]), m["y2"] or ""
        y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail) if tail else 0
        return Absolute(Day(y1), Day(y2) if y2 > y1 else None)
    if m := _HALF_YEAR.fullmatch(text):
        return Absolute(Day(int(m["y"])))
    if m := _MONTH_REL_YEAR.fullmatch(text):
        return MonthOf(month_number(m["m"]), {"last": -1, "next": 1, "this": 0}[m["rel"].lower()])
    if m := _REL_MONTH.fullmatch(text):
        rel = m["rel"].lower()
        return MonthOf(month_number(m["m"]), "next" if rel == "coming" else rel)
    if m := _BARE_MONTH.fullmatch(text):
        if len(m["m"]) < 3 or (len(m["m"]) < 5 and m["m"].lower() not in MONTHS):
            return None  # a bare abbreviation ('Jan', 'Mar') is as likely a name
        return MonthOf(month_number(m["m"]), "bare")
    if m := _REL_WEEKDAY.fullmatch(text):
        rel = (m["rel"] or "bare").lower()
        return Weekday(WEEKDAYS.index(m["weekday"].lower()), "next" if rel == "coming" else rel)
    if m := _REL_UNIT.fullmatch(text):
        rel = m["rel"].lower()
        amount = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[rel]
        return Shift(m["unit"].lower(), amount)
    if m := _AGO.fullmatch(text):
        n = m["n"].lower()
        return Shift(m["unit"].lower(), -(int(n) if n.isdigit() else NUMBER_WORDS[n]))
    if (m := _EARLIER_LATER.fullmatch(text)) or (m := _PART_OF_UNIT.fullmatch(text)):
        return Shift(m["unit"].lower(), 0)
    if m := _DAY_WORD.fullmatch(text):
        word = m["word"].lower()
        return Shift("day", {"yesterday": -1, "tomorrow": 1}.get(word, 0))
    return None


def _absolute(year: int, month: int, day: int) -> Absolute | None:
    start = Day(year, month, day)
    return Absolute(start) if start.valid else None


def _trap(phrase: str, before: str, after: str) -> Undated | None:
    """The known traps: month words that are not months, numbers that are not years."""
    before_words, after_words = _words(before), _words(after)
    previous = before_words[-1].lower() if before_words else ""
    following = after_words[0] if after_words else ""
    core = phrase
    found = _MODIFIER.match(phrase)
    if found and found.end() < len(phrase):
        core = phrase[found.end() :]
        previous = found.group("mod").split()[-1].lower() if found.group("mod").split() else ""
    # a month word written in lower case is a verb or the modal, not a month
    for word in re.findall(r"[A-Za-z]+", phrase):
        if word.lower() in MONTHS and word[0].islower():
            if word == "may":
                return Undated("modal may")
            return Undated(f"'{word}' in lower case is not a month")
    if core.lower() == "may":
        return _bare_may(before_words, previous, following)
    if re.fullmatch(r"[12]\d{3}", core):
        return _bare_number(before, after, previous, following, before_words)
    return None


def _bare_may(before_words: list[str], previous: str, following: str) -> Undated | None:
    """'May' alone is the month only after a word that introduces a month ('in May')."""
    if previous in _MONTH_CUES:
        return None
    if before_words and before_words[-1][:1].isupper() and before_words[-1] not in {"-", ","}:
        return Undated("the name May, not the month")
    if following[:1].islower() or following in {"I", "we", "you"}:
        return Undated("modal may")
    return Undated("May without a word that introduces a month (name or modal?)")


def _bare_number(
    before: str, after: str, previous: str, following: str, before_words: list[str]
) -> Undated | None:
    """A four-digit number is a year unless its neighbours say it is a count or a label."""
    not_year = "number not a year"
    if re.search(r"(?:\d[,.]|[$€£¥#№])$", before) or re.match(r"\s*(?:[,.]\d|%)", after):
        return Undated(not_year)
    next_word = following.lower().strip(".,")
    if next_word in _UNIT_NOUNS or next_word.startswith(("per", "percent")):
        return Undated(not_year)
    if (
        previous in _QUANTITY_CUES
        and previous not in _YEAR_CUES
        and next_word.endswith("s")
        and next_word.isalpha()
    ):
        return Undated(not_year)
    last = before_words[-1] if before_words else ""
    if (
        last[:1].isupper()
        and last.lower() not in _YEAR_CUES
        and last.lower() not in _MONTH_CUES
        and not last.lower().endswith(("'s", "’s"))
        and last.lower().rstrip(".") not in {m[:3] for m in MONTHS} | set(MONTHS)
        and len(before.rstrip()) > len(last)  # not the sentence's first word
    ):
        return Undated("label number, not a year")
    return None
