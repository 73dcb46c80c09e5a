"""Named occasions: who went where, or met whom ('Kim's trip to Russia', 'the visit of
President Putin to North Korea', 'Putin is set to visit North Korea').

News prose names an occasion by its agent, its kind and its place far more steadily than it
repeats any other words: two sentences that name the same occasion at overlapping dates very
likely report one event, however little else they share. A sentence that says only 'this
visit' or 'the trip' names the occasion of that kind named last before it in the article.

A pattern reading, not a parser: it finds the three forms above and nothing else, so it misses
many occasions and is meant only to add evidence where it finds one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from timeline.draft.actors import TITLES

# the kinds of occasion, each with the nouns that name it
_KINDS = {
    "visit": ("visit", "trip", "journey", "tour", "voyage"),
    "meeting": ("meeting", "summit", "talks", "encounter"),
}
_KIND_OF = {noun: kind for kind, nouns in _KINDS.items() for noun in nouns}
_NOUN = "|".join(sorted(_KIND_OF, key=len, reverse=True))
# a run of capitalised words, each taken whole (possessive quantifiers, and a name starts only
# at a word's start), so a long run of 'A-A-A-...' costs linear time, not quadratic
_NAME = r"(?<![\w-])[A-Z][\w-]*+(?:\s+[A-Z][\w-]*+){0,5}"
_MODIFIERS = r"(?:[\w-]++\s+){0,3}?"  # 'upcoming', 'second', 'surprise', 'two-day'
_TO = r"\s+(?P<to>to|in|with)\s+(?:the\s+)?"
_POSSESSIVE = re.compile(
    rf"(?P<agent>{_NAME})[’']s\s+{_MODIFIERS}(?P<noun>{_NOUN})s?{_TO}(?P<place>{_NAME})"
)
_OF = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?)\s+{_MODIFIERS}(?P<noun>{_NOUN})s?\s+of\s+(?P<agent>{_NAME})"
    rf"{_TO}(?P<place>{_NAME})"
)
_AUXILIARY = (
    r"(?:is|are|was|were|will|would|shall|has|have|had|be|been|set|due|expected|planning|"
    r"plans|poised|scheduled|about|to|also|now|then|finally|not|never|may|might|could)"
)
_VERB = re.compile(
    rf"(?P<agent>{_NAME})\s+(?:{_AUXILIARY}\s+){{0,4}}"
    r"(?P<noun>visit(?:s|ed|ing)?|travel(?:s|led|ed|ling|ing)?\s+to|tour(?:s|ed|ing)?)"
    rf"\s+(?:the\s+)?(?P<place>{_NAME})"
)
# 'this visit', 'the trip', but not 'the visit of a leader' or 'the first visit by ...', which
# describe an occasion rather than point back at one
_POINTER = re.compile(
    rf"\b(?:[Tt]his|[Tt]hat|[Tt]he)\s+(?:[\w-]++\s+){{0,2}}?(?P<noun>{_NOUN})\b(?!\s+(?:of|by)\b)"
)
# words a name run may start with that are not part of the name
_NOT_NAME = frozenset({"The", "In", "On", "At", "For", "With", "By", "As", "And", "But", "This",
                       "That", "Following", "After", "Before", "During", "Since", "While",
                       "When", "If", "Although", "Despite", "Meanwhile"})  # fmt: skip


@dataclass(frozen=True)
class Occasion:
    """An occasion as a sentence names it, at ``[start, end)`` of the sentence."""

    agent: tuple[str, ...]  # the agent's name words, titles left out
    kind: str
    place: str
    start: int
    end: int
    pointer: bool = False  # only pointed at ('this visit'), named earlier
    to: str = "to"  # the word before the place: 'to', 'in' or 'with'

    def same(self, other: Occasion) -> bool:
        """The same kind, to the same place, by agents who share a name word ('Kim' and
        'Kim Jong Un')."""
        return (
            self.kind == other.kind
            and self.place == other.place
            and bool(set(self.agent) & set(other.agent))
        )

    @property
    def label(self) -> str:
        return f"{' '.join(self.agent)}'s {self.kind} {self.to} {self.place}"


def _agent(run: str) -> tuple[str, ...]:
    """The name in a run of capitalised words: the words after the last title or opening
    word ('Russian President Vladimir Putin' → 'Vladimir Putin')."""
    words = run.split()
    cut = max((n + 1 for n, w in enumerate(words) if w in TITLES or w in _NOT_NAME), default=0)
    return tuple(words[cut:])


def _kind(noun: str) -> str:
    word = noun.split()[0].lower()
    for stem in ("visit", "travel", "tour"):
        if word.startswith(stem) and word not in _KIND_OF:
            return "visit"  # a verb: 'visited', 'travelling to'
    return _KIND_OF.get(word, _KIND_OF.get(word.rstrip("s"), "visit"))


def _named(sentence: str) -> Iterator[Occasion]:
    for pattern in (_POSSESSIVE, _OF, _VERB):
        for found in pattern.finditer(sentence):
            agent = _agent(found.group("agent"))
            place = " ".join(_agent(found.group("place")))
            if agent and place:
                kind = _kind(found.group("noun"))
                to = found.groupdict().get("to") or "to"
                yield Occasion(agent, kind, place, found.start(), found.end(), False, to)


class Occasions:
    """The occasions of one article's sentences, read in text order, so that 'this visit'
    can take the visit named last before it."""

    def __init__(self) -> None:
        self._last: dict[str, Occasion] = {}

    def read(self, sentence: str) -> list[Occasion]:
        """The sentence's occasions in text order, a pointer ('this visit') resolved to the
        occasion of its kind named last before it, or left out when there is none."""
        named = sorted(_named(sentence), key=lambda o: (o.start, o.end))
        found: list[Occasion] = []
        pointers = [
            p
            for p in _POINTER.finditer(sentence)
            if not any(o.start <= p.start("noun") < o.end for o in named)
        ]
        events = [(o.start, 1, o) for o in named] + [(p.start(), 0, p) for p in pointers]
        for _, is_named, item in sorted(events, key=lambda e: (e[0], e[1])):
            if is_named:
                found.append(item)
                self._last[item.kind] = item
                continue
            last = self._last.get(_kind(item.group("noun")))
            if last is not None:
                found.append(replace(last, start=item.start(), end=item.end(), pointer=True))
        return found


def nearest(occasions: list[Occasion], start: int, end: int) -> Occasion | None:
    """The occasion nearest to the span ``[start, end)`` of the sentence: the one a date
    mention there most likely belongs to."""

    def distance(o: Occasion) -> int:
        return max(o.start - end, start - o.end, 0)

    return min(occasions, key=lambda o: (distance(o), o.start), default=None)
