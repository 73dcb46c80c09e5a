"""Drafting one article: every date mention of every sentence, dated by the rules or set aside
with the reason, one candidate per distinct date in a sentence."""

from __future__ import annotations

from dataclasses import dataclass

from timeline.draft.expressions import Reading, Undated
from timeline.draft.recognise import find_mentions
from timeline.draft.resolve import Dated, Published, resolve
from timeline.draft.sentences import Sentence, split_sentences
from timeline.draft.tense import tense_near


@dataclass(frozen=True)
class Mention:
    """A mention in an article, with article offsets, and the sentence it stands in."""

    sentence: Sentence
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Candidate:
    mention: Mention
    dated: Dated


@dataclass(frozen=True)
class Skipped:
    mention: Mention
    reason: str


def draft_text(text: str, published: Published | None) -> tuple[list[Candidate], list[Skipped]]:
    """Candidates and set-aside mentions of one article's text, in text order."""
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    for sentence in split_sentences(text):
        seen: set[tuple[str, str]] = set()
        for found in find_mentions(sentence.text):
            mention = Mention(
                sentence, sentence.start + found.start, sentence.start + found.end, found.text
            )
            reading = found.reading
            if isinstance(reading, Undated):
                skipped.append(Skipped(mention, reading.reason))
                continue
            outcome = resolve(reading, published, _tense(reading, sentence.text, found))
            if isinstance(outcome, Undated):
                skipped.append(Skipped(mention, outcome.reason))
                continue
            key = (outcome.date.iso, outcome.end.iso if outcome.end else "")
            if key in seen:
                skipped.append(Skipped(mention, "same date as another mention in the sentence"))
                continue
            seen.add(key)
            candidates.append(Candidate(mention, outcome))
    return candidates, skipped


def _tense(reading: Reading, sentence: str, found) -> str | None:
    return tense_near(sentence, found.start, found.end)
