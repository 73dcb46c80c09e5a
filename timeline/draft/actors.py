"""Actors for draft events: names from the vocabulary found in a sentence, or, without a
vocabulary, names proposed from those the articles repeat."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

UNASSIGNED = "unassigned"
# a few names that stand for a state in news prose; used only when that state is an actor
_ALIASES = {
    "United States": ("US", "U.S.", "USA", "American", "Americans", "Washington"),
    "United Kingdom": ("UK", "U.K.", "Britain", "British"),
    "United Nations": ("UN", "U.N."),
    "European Union": ("EU", "E.U."),
    "Soviet Union": ("Soviet", "USSR", "Soviets"),
    "Russia": ("Kremlin", "Moscow"),
    "China": ("Beijing",),
    "North Korea": ("Pyongyang", "DPRK"),
    "South Korea": ("Seoul",),
    "Ukraine": ("Kyiv", "Kiev"),
    "Netherlands": ("Dutch",),
    "France": ("French", "Paris"),
    "Germany": ("German", "Germans", "Berlin"),
    "Turkey": ("Turkish", "Ankara"),
    "Switzerland": ("Swiss",),
    "Israel": ("Israeli", "Israelis"),
    "Japan": ("Tokyo",),
    "India": ("New Delhi",),
    "Iran": ("Tehran",),
}
TITLES = {
    "President", "Prime", "Minister", "Secretary", "Leader", "Chancellor", "Mr", "Mrs", "Ms",
    "Dr", "Foreign", "Defence", "Defense", "General", "Gen", "King", "Queen", "Premier",
    "Spokesman", "Spokeswoman", "Senator", "Sen", "Rep", "Chairman", "Supreme", "Vice",
}  # fmt: skip
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:of (?:the )?)?[A-Z][a-z]+){1,3}\b")
_STOP_FIRST = {"The", "In", "On", "At", "For", "With", "By", "As", "And", "But", "This", "That"}


def forms(name: str) -> tuple[str, ...]:
    """Ways a name is written: itself, simple demonyms ('Russia' → 'Russian'), and aliases."""
    out = [name]
    if " " not in name or name.split()[0] in {"North", "South", "East", "West"}:
        stem = name[:-1] if name[-1] in "aey" else name
        out += [name + "n", name + "ns", name + "an", name + "ian", stem + "ian", stem + "ese"]
        out += [stem + "ians", name + "ians"]
    out += list(_ALIASES.get(name, ()))
    return tuple(dict.fromkeys(out))


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms(name), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")


def actors_in(sentence: str, actors: Iterable[str]) -> list[str]:
    """The actors a sentence names, in vocabulary order; whole words, case-sensitive."""
    return [a for a in actors if a != UNASSIGNED and _pattern(a).search(sentence)]


def propose_actors(texts: Iterable[str], countries: Iterable[str]) -> list[tuple[str, int]]:
    """(name, count) of country names and repeated capitalised names, named at least twice."""
    texts = list(texts)
    counts: Counter[str] = Counter()
    for country in countries:
        n = sum(len(_pattern(country).findall(t)) for t in texts)
        if n:
            counts[country] = n
    covered = set(counts)
    for text in texts:
        for match in _NAME.finditer(text):
            words = match.group().split()
            while words and (words[0] in TITLES or words[0] in _STOP_FIRST):
                words = words[1:]
            name = " ".join(words)
            if len(words) < 2 or any(_pattern(c).match(name) for c in covered):
                continue
            counts[name] += 1
    return sorted(((n, c) for n, c in counts.items() if c >= 2), key=lambda x: (-x[1], x[0]))


def country_names() -> list[str]:
    """English names of the world's countries and territories (from the CLDR, via babel)."""
    from babel import Locale

    territories = Locale("en").territories
    return sorted(
        name
        for code, name in territories.items()
        if code.isalpha() and len(code) == 2 and name.isascii() and "(" not in name
    )
