"""Finding a quote in its article, tolerant of typography but of nothing looser.

Users type ``'`` where the article has ``’`` and break lines differently; those differences
are forgiven. Any other difference (a changed word, a dropped comma) means the quote is not
verbatim, and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)
_TOKENS = re.compile(r"\s+|\S+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Straighten quotes and apostrophes, fold every run of white space to one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


@dataclass(frozen=True)
class Article:
    """An article's text with a normalised copy that maps back to original offsets."""

    text: str
    normalised: str
    offsets: tuple[int, ...]

    @classmethod
    def from_text(cls, text: str) -> Article:
        pieces: list[str] = []
        offsets: list[int] = []
        for token in _TOKENS.finditer(text):
            if token.group()[0].isspace():
                pieces.append(" ")
                offsets.append(token.start())
            else:
                pieces.append(token.group().translate(_TYPOGRAPHIC))
                offsets.extend(range(token.start(), token.end()))
        return cls(text=text, normalised="".join(pieces), offsets=tuple(offsets))

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Character span ``[start, end)`` of ``quote`` in the original text, or None."""
        needle = normalise(quote)
        if not needle:
            return None
        at = self.normalised.find(needle)
        if at < 0:
            return None
        return self.offsets[at], self.offsets[at + len(needle) - 1] + 1

    def paragraph_around(self, start: int, end: int) -> tuple[int, int]:
        """The paragraph (text between blank-line or line breaks) that holds a span."""
        para_start = self.text.rfind("\n", 0, start) + 1
        para_end = self.text.find("\n", end)
        return para_start, len(self.text) if para_end < 0 else para_end
