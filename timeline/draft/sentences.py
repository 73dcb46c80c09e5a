"""Sentences with exact character offsets, so each quote is a verbatim slice of its article."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@functools.cache
def _segmenter():
    import pysbd  # imported late: it compiles many patterns

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text``, each ``text[start:end] == sentence.text``, stripped.

    Lines are split first, so a headline or subheading without a full stop stands alone;
    each line is then split by a rule-based splitter, and every piece is located in the
    line from a moving cursor (never by searching the whole text, which a repeated sentence
    would fool).
    """
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        cursor = line.start()
        for piece in _segmenter().segment(line.group()):
            piece = piece.strip()
            if not piece:
                continue
            at = text.find(piece, cursor, line.end())
            if at < 0:  # the splitter changed the text: fall back to the rest of the line
                rest = text[cursor : line.end()].strip()
                if rest:
                    at = text.index(rest, cursor)
                    out.append(Sentence(at, at + len(rest), rest))
                break
            out.append(Sentence(at, at + len(piece), piece))
            cursor = at + len(piece)
    return out
