"""Finding date mentions in a sentence: a maintained recogniser for recall, plus written patterns
for the common forms it misses; overlapping finds are settled in favour of a readable date."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass

from timeline.draft.expressions import Reading, Undated
from timeline.draft.rules import parse

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"[12]\d{3}(?![\d,]\d|%)"
_DASH = r"\s*(?:-|–|—|to|and)\s*"
_NUMBER = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_PATTERNS = [
    r"\b\d{4}-\d{2}-\d{2}\b",
    rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}(?:{_DASH}{_DAY})?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
    rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?:{_DASH}\d{{1,2}}\b)?(?:,?\s+{_YEAR})?",
    rf"\b{_MONTH}(?:{_DASH}{_MONTH})?,?\s+(?:of\s+)?{_YEAR}",
    rf"\b{_FULL_MONTH}\s+(?:of\s+)?(?:last|next|this)\s+year\b",
    rf"\b(?:[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+(?:{_FULL_MONTH}|{_WEEKDAY}|year|month|week)\b",
    rf"\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+)?{_WEEKDAY}s?"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b",
    rf"\b{_FULL_MONTH}\b",
    rf"(?<![\d,.$€£¥#№])(?:(?:early|mid|late)[-\s])?\b{_YEAR}\b(?:{_DASH}(?:[12]\d{{3}}|\d{{2}})\b)?",
    rf"\b(?:[Ff]rom|[Bb]etween)\s+{_YEAR}\s+(?:to|and|until)\s+{_YEAR}\b",
    r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)\b",
    rf"\b{_NUMBER}\s+(?:day|week|month|year)s?\s+ago\b",
    r"\b(?:[Ee]arlier|[Ll]ater)\s+(?:in\s+)?this\s+(?:year|month|week)\b",
    r"\b(?:the\s+)?(?:\d{3}0s|'\d0s)\b",
    r"\b(?:[Ii]n\s+)?[Rr]ecent\s+(?:years|months|weeks|days)\b",
    r"\b(?:over|for|in|within)\s+(?:the\s+)?(?:past\s+|last\s+|next\s+|coming\s+)?"
    r"(?:\d+|a|two|three|four|five|six|seven|eight|nine|ten|several|many|a\s+few|few)\s+"
    r"(?:decades|years|months|weeks|days)\b",
]
_DETECT = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))


@dataclass(frozen=True)
class Found:
    """A mention in a sentence (offsets relative to the sentence) and how it reads."""

    start: int
    end: int
    text: str
    reading: Reading | Undated


def find_mentions(sentence: str) -> list[Found]:
    """Every date mention in ``sentence``, none overlapping another, in text order."""
    spans: dict[tuple[int, int], str | None] = {}
    for match in _DETECT.finditer(sentence):
        if match.group().strip():
            spans.setdefault(_trim(sentence, match.start(), match.end()), None)
    for start, end, kind in _recogniser_spans(sentence):
        spans.setdefault(_trim(sentence, start, end), kind)
    found = []
    for (start, end), kind in spans.items():
        if end <= start:
            continue
        text = sentence[start:end]
        reading = parse(text, sentence[:start], sentence[end:])
        if kind == "duration" and isinstance(reading, Reading):
            reading = Undated("duration")
        elif kind == "set":
            reading = Undated("recurring, not one date")
        found.append(Found(start, end, text, reading))
    # a readable date beats an unreadable one over the same words, then the longer one wins
    found.sort(key=lambda f: (not isinstance(f.reading, Reading), -(f.end - f.start), f.start))
    kept: list[Found] = []
    for candidate in found:
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda f: f.start)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,.;:(\"'“”‘’":
        start += 1
    while end > start and text[end - 1] in " ,;:)\"'“”‘’":
        end -= 1
    return start, end


@functools.cache
def _recogniser():
    logging.getLogger("ms_recognizers_date_time").setLevel(logging.ERROR)
    from ms_recognizers_date_time import Culture, recognize_datetime

    return functools.partial(recognize_datetime, culture=Culture.English)


_KINDS = {"duration": "duration", "set": "set", "time": "time"}


def _recogniser_spans(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of what the recogniser finds; nothing if it fails on the sentence."""
    try:
        results = _recogniser()(sentence, reference=dt.datetime(2000, 1, 1))
    except Exception:
        return []
    spans = []
    for result in results:
        kind = str(getattr(result, "type_name", "")).rsplit(".", 1)[-1]
        start, end = int(result.start), int(result.end) + 1  # the recogniser's end is inclusive
        if 0 <= start < end <= len(sentence):
            spans.append((start, end, _KINDS.get(kind, "date")))
    return spans
