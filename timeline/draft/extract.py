"""Drafting one article: every date mention of every sentence, dated by the rules or set aside
with the reason, one candidate per distinct date in a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from timeline.draft.expressions import Undated
from timeline.draft.recognise import find_mentions, recognise_all
from timeline.draft.resolve import Dated, Published, resolve
from timeline.draft.sentences import Sentence, split_sentences
from timeline.draft.tense import tense_near

# a sentence that opens by pointing back at an occasion just told ('During this meeting, ...')
_BACK_REFERENCE = re.compile(
    r"(?:During|At|On|In|After|Before|Since|Throughout|Following)\s+"
    r"(?:this|that|these|those|the\s+same)\s+"
    r"(?P<noun>meeting|visit|trip|summit|talks|conference|session|gathering|encounter|"
    r"occasion|ceremony|call|time|period|event|exchange)s?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A mention in an article, with article offsets, and the sentence it stands in."""

    sentence: Sentence
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Candidate:
    """A dated mention. ``antecedent`` is the mention a back reference ('During this
    meeting') took its date from, or None."""

    mention: Mention
    dated: Dated
    antecedent: Mention | None = None


@dataclass(frozen=True)
class Skipped:
    mention: Mention
    reason: str


def draft_text(
    text: str, published: Published | None, progress: Callable[[int, int], None] | None = None
) -> tuple[list[Candidate], list[Skipped]]:
    """Candidates and set-aside mentions of one article's text, in text order.

    ``progress(done, total)`` hears how many sentences the recogniser has read, every
    thousand: a long article takes minutes.
    """
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    previous: list[Candidate] = []
    sentences = split_sentences(text)
    recognised = recognise_all([s.text for s in sentences], progress)
    for sentence, spans in zip(sentences, recognised, strict=True):
        before = len(candidates)
        seen: set[tuple[str, str]] = set()
        for found in find_mentions(sentence.text, spans):
            mention = Mention(
                sentence, sentence.start + found.start, sentence.start + found.end, found.text
            )
            reading = found.reading
            if isinstance(reading, Undated):
                skipped.append(Skipped(mention, reading.reason))
                continue
            outcome = resolve(reading, published, tense_near(sentence.text, found.start, found.end))
            if isinstance(outcome, Undated):
                skipped.append(Skipped(mention, outcome.reason))
                continue
            key = (outcome.date.iso, outcome.end.iso if outcome.end else "")
            if key in seen:
                skipped.append(Skipped(mention, "same date as another mention in the sentence"))
                continue
            seen.add(key)
            candidates.append(Candidate(mention, outcome))
        if len(candidates) == before:
            inherited = _back_reference(sentence, previous, text)
            if inherited is not None:
                candidates.append(inherited)
        previous = candidates[before:]
    return candidates, skipped


def _back_reference(sentence: Sentence, previous: list[Candidate], text: str) -> Candidate | None:
    """A sentence opening with 'During this meeting' (and no date of its own) takes the date of
    the sentence just before it in the same paragraph, when that sentence has exactly one date
    and tells of the same kind of occasion (or the phrase is 'at that time')."""
    found = _BACK_REFERENCE.match(sentence.text)
    if found is None or len(previous) != 1:
        return None
    antecedent = previous[0]
    noun = found.group("noun").lower()
    told = antecedent.mention.sentence.text.lower()
    if noun not in ("time", "period") and not re.search(rf"\b{noun}", told):
        return None  # 'During this visit' needs a visit in the sentence before
    if "\n" in text[antecedent.mention.sentence.end : sentence.start]:
        return None  # another paragraph
    phrase = found.group()
    mention = Mention(sentence, sentence.start, sentence.start + len(phrase), phrase)
    label = antecedent.dated.date.label
    note = (
        f"'{phrase}' points back to '{antecedent.mention.text}' in the sentence before → "
        f"{label} (taken from that sentence: {antecedent.dated.note})"
    )
    return Candidate(mention, replace(antecedent.dated, note=note), antecedent.mention)
