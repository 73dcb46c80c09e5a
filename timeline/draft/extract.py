"""Drafting one article: every date mention of every sentence, dated by the rules or set aside
with the reason, one candidate per distinct date in a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from timeline.draft.expressions import Day, Undated
from timeline.draft.occasion import Occasion, Occasions, nearest
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
# the lead: the first sentence that reads as prose (a full stop, optionally inside a closing
# quote or bracket, and some words), not a headline, a byline or a section label
_PROSE = re.compile(r"(?:\S+\s+){7,}\S*[.!][\"'”’)]*")
# the lead tells of something further back than the news: 'had signed', 'once visited'
_BACKGROUND = re.compile(r"\b(?:had|once|formerly|used\s+to)\b", re.IGNORECASE)


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
    meeting') took its date from, or None; ``occasion`` is the named occasion nearest to the
    mention in its sentence, if any, which the grouping compares."""

    mention: Mention
    dated: Dated
    antecedent: Mention | None = None
    occasion: Occasion | None = None


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
    occasions = Occasions()
    lead: Candidate | None = None
    lead_seen = False
    sentences = split_sentences(text)
    recognised = recognise_all([s.text for s in sentences], progress)
    for sentence, spans in zip(sentences, recognised, strict=True):
        before = len(candidates)
        named = occasions.read(sentence.text)
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
        if not lead_seen and _PROSE.fullmatch(sentence.text):
            lead_seen = True
            if len(candidates) == before:
                lead = lead_event(sentence, named, published)
                if lead is not None:
                    candidates.append(lead)
        candidates[before:] = [_with_occasion(c, named) for c in candidates[before:]]
        previous = candidates[before:]
    if lead is not None and _dated_elsewhere(lead, candidates):
        # the article dates its lead occasion itself: the month was a guess, and so is the
        # date a back reference ('During this visit') took from it, which is set aside
        guessed = [c for c in candidates if c is lead or c.antecedent is lead.mention]
        candidates = [c for c in candidates if c not in guessed]
        reason = "its date would come from the article's undated lead, which the article dates"
        skipped += [Skipped(c.mention, reason) for c in guessed if c is not lead]
    return candidates, skipped


def _dated_elsewhere(lead: Candidate, candidates: list[Candidate]) -> bool:
    """Whether the article itself dates its lead occasion in the month the lead rule would
    give ('This two-day visit, starting Tuesday'): the month, a guess, is then not needed."""
    month = lead.dated.date
    return any(
        c is not lead
        and c.occasion is not None
        and lead.occasion is not None
        and c.occasion.same(lead.occasion)
        and _overlaps(c.dated, month)
        for c in candidates
    )


def _overlaps(dated: Dated, month: Day) -> bool:
    """Whether a dated candidate's period meets the month."""
    first, last = dated.date, dated.end or dated.date
    start = (first.year, first.month or 1)
    end = (last.year, last.month or 12)
    return start <= (month.year, month.month) <= end


def _with_occasion(candidate: Candidate, named: list[Occasion]) -> Candidate:
    """The candidate with the occasion its sentence names nearest to its mention."""
    if candidate.occasion is not None:
        return candidate
    sentence = candidate.mention.sentence
    start, end = candidate.mention.start - sentence.start, candidate.mention.end - sentence.start
    return replace(candidate, occasion=nearest(named, start, end))


def lead_event(
    sentence: Sentence, named: list[Occasion], published: Published | None
) -> Candidate | None:
    """The occasion an article leads with, when its lead sentence names one but gives no date:
    news reports what is happening, has just happened or is about to, so the occasion is
    placed in the month of publication (never finer: a day would claim more than the text
    says). Not when the publication date is known only to the year, nor when the lead tells
    of something further back ('had', 'once')."""
    own = [o for o in named if not o.pointer]
    if not own or published is None or not published.day.month:
        return None
    if _BACKGROUND.search(sentence.text):
        return None
    occasion = own[0]
    phrase = sentence.text[occasion.start : occasion.end]
    month = Day(published.day.year, published.day.month)
    mention = Mention(
        sentence, sentence.start + occasion.start, sentence.start + occasion.end, phrase
    )
    note = (
        f"'{phrase}' is the occasion the article leads with, told without a date → "
        f"{month.label}, the month of publication ({published.day.label}): a lead reports "
        "news of the days around publication, so the occasion may fall just outside it"
    )
    return Candidate(mention, Dated(month, None, "relative", note), occasion=occasion)


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
