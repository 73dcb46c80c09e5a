"""Finding date mentions in a sentence: a maintained recogniser for recall, plus written patterns
for the common forms it misses; overlapping finds are settled in favour of a readable date."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
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


Span = tuple[int, int, str]  # (start, end, kind) of a find of the recogniser, in its sentence

# The rules look at the words next to a mention, never further: this much text each side is
# handed to them, so a sentence with thousands of mentions costs thousands of short looks.
CONTEXT = 400
# The recogniser's time grows faster than its text (it compares its finds with each other):
# a sentence longer than this is read in pieces of at most this many characters.
CHUNK = 1_000
PROGRESS_EVERY = 1_000  # sentences between two progress reports


def find_mentions(sentence: str, recognised: list[Span] | None = None) -> list[Found]:
    """Every date mention in ``sentence``, none overlapping another, in text order.

    ``recognised`` is what the recogniser found in the sentence, when it has already been
    run (with the article's other sentences, see :func:`recognise_all`).
    """
    if recognised is None:
        recognised = recognise_all([sentence])[0]
    spans: dict[tuple[int, int], str | None] = {}
    for match in _DETECT.finditer(sentence):
        if match.group().strip():
            spans.setdefault(_trim(sentence, match.start(), match.end()), None)
    for start, end, kind in recognised:
        spans.setdefault(_trim(sentence, start, end), kind)
    found = []
    for (start, end), kind in spans.items():
        if end <= start:
            continue
        text = sentence[start:end]
        before, after = sentence[max(0, start - CONTEXT) : start], sentence[end : end + CONTEXT]
        reading = parse(text, before, after)
        if kind == "duration" and isinstance(reading, Reading):
            reading = Undated("duration")
        elif kind == "set":
            reading = Undated("recurring, not one date")
        found.append(Found(start, end, text, reading))
    # a readable date beats an unreadable one over the same words, then the longer one wins
    found.sort(key=lambda f: (not isinstance(f.reading, Reading), -(f.end - f.start), f.start))
    return _without_overlaps(found)


def _without_overlaps(found: list[Found]) -> list[Found]:
    """The finds, in text order, each kept unless it overlaps one kept before it."""
    starts: list[int] = []  # of the kept finds, in text order; they never overlap
    kept: list[Found] = []
    for candidate in found:
        at = bisect.bisect_right(starts, candidate.start)
        if at and kept[at - 1].end > candidate.start:
            continue  # overlaps the kept find that starts at or before it
        if at < len(kept) and kept[at].start < candidate.end:
            continue  # overlaps the kept find that starts after it
        starts.insert(at, candidate.start)
        kept.insert(at, candidate)
    return kept


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,.;:(\"'“”‘’":
        start += 1
    while end > start and text[end - 1] in " ,;:)\"'“”‘’":
        end -= 1
    return start, end


@functools.cache
def _recogniser() -> Callable[[str], list]:
    """The recogniser's date-time model, built once (built for each call, it cost a seventh
    of the call)."""
    logging.getLogger("ms_recognizers_date_time").setLevel(logging.ERROR)
    from ms_recognizers_date_time import Culture, DateTimeRecognizer

    model = DateTimeRecognizer(Culture.English).get_datetime_model()
    return functools.partial(model.parse, reference=dt.datetime(2000, 1, 1))


_KINDS = {"duration": "duration", "set": "set", "time": "time"}


def recognise_all(
    sentences: Sequence[str], progress: Callable[[int, int], None] | None = None
) -> list[list[Span]]:
    """What the recogniser finds in each sentence, each read alone (beside other sentences
    it reads some finds differently, and misses some), a repeated sentence only once.

    ``progress(done, total)`` is called every ``PROGRESS_EVERY`` sentences.
    """
    out: list[list[Span]] = []
    seen: dict[str, list[Span]] = {}
    for done, text in enumerate(sentences, start=1):
        if text not in seen:
            seen[text] = _read_alone(text)
        out.append(list(seen[text]))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(sentences))
    return out


def _read_alone(sentence: str) -> list[Span]:
    """The recogniser's finds in one sentence, read in pieces of at most ``CHUNK`` characters;
    nothing where it fails."""
    spans: list[Span] = []
    for start, end in _cuts(sentence):
        for a, b, kind in _call(sentence[start:end]) or []:
            spans.append((start + a, start + b, kind))
    return spans


def _cuts(sentence: str) -> Iterator[tuple[int, int]]:
    """``sentence`` as pieces of at most ``CHUNK`` characters, cut at a space where it can."""
    start = 0
    while len(sentence) - start > CHUNK:
        space = sentence.rfind(" ", start + 1, start + CHUNK)
        end = space if space > start else start + CHUNK
        yield start, end
        start = end
    yield start, len(sentence)


def _call(text: str) -> list[Span] | None:
    """(start, end, kind) of what the recogniser finds in ``text``, or None if it fails."""
    try:
        results = _recogniser()(text)
    except Exception:
        return None
    spans = []
    for result in results:
        kind = str(getattr(result, "type_name", "")).rsplit(".", 1)[-1]
        start, end = int(result.start), int(result.end) + 1  # the recogniser's end is inclusive
        if 0 <= start < end <= len(text):
            spans.append((start, end, _KINDS.get(kind, "date")))
    return spans
