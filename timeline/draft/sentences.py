"""Sentences with exact character offsets, so each quote is a verbatim slice of its article."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

_LINE = re.compile(r"[^\n]+")
# The splitter's abbreviation pass rewrites its whole input once per abbreviation it meets,
# so its time grows with the square of the input: a line longer than this is cut first.
PIECE_MAX = 2_000
# where a long line is cut, best first: after a sentence's end (a full stop after two
# lower-case letters or a digit, so not 'Mr.' or 'U.S.'), else at a space
_SENTENCE_END = re.compile(r"(?:[a-z]{2}|\d)[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_SPACE = re.compile(r"\s+")


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
    each line (cut into pieces of at most ``PIECE_MAX`` characters when longer) is then split
    by a rule-based splitter, and every sentence is located in the line from a moving cursor
    (never by searching the whole text, which a repeated sentence would fool, and which takes
    time that grows with the square of the text).
    """
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        for start, end in _pieces(text, line.start(), line.end()):
            out += _split_piece(text, start, end)
    return out


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` as pieces of at most ``PIECE_MAX`` characters, each cut after a
    sentence's end where there is one, else at a space, else wherever the bound falls."""
    while end - start > PIECE_MAX:
        window = text[start : start + PIECE_MAX]
        cut = _last_end(_SENTENCE_END, window) or _last_end(_SPACE, window) or PIECE_MAX
        yield start, start + cut
        start += cut
    yield start, end


def _last_end(pattern: re.Pattern[str], window: str) -> int:
    """The end of the last match of ``pattern`` in ``window``, or 0 when there is none."""
    last = 0
    for match in pattern.finditer(window):
        last = match.end()
    return last


def _split_piece(text: str, start: int, end: int) -> list[Sentence]:
    """The sentences of ``text[start:end]``, from the splitter's own segments.

    The segments are taken before the splitter locates them (its locating searches the
    whole piece for each segment, from the start: quadratic in a piece of repeated
    sentences), and located here from a moving cursor.
    """
    piece = text[start:end]
    if not piece.strip():
        return []
    out: list[Sentence] = []
    cursor = start
    for segment in _segmenter().processor(piece).process():
        segment = segment.strip()
        if not segment:
            continue
        at = text.find(segment, cursor, end)
        if at < 0:  # the splitter changed the text: fall back to the rest of the piece
            rest = text[cursor:end].strip()
            if rest:
                at = text.index(rest, cursor)
                out.append(Sentence(at, at + len(rest), rest))
            return out
        out.append(Sentence(at, at + len(segment), segment))
        cursor = at + len(segment)
    return out
