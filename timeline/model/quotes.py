"""Finding a quote in its article, tolerant of typography but of nothing looser.

Users type ``'`` where the article has ``’`` and break lines differently; those differences
are forgiven. Any other difference (a changed word, a dropped comma) means the quote is not
verbatim, and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timeline.model.columns import arrow_chunks

_SINGLE = "\u2018\u2019\u201a\u201b\u2032\u00b4"
_DOUBLE = "\u201c\u201d\u201e\u201f\u2033"
_TYPOGRAPHIC = str.maketrans({**dict.fromkeys(_SINGLE, "'"), **dict.fromkeys(_DOUBLE, '"')})
_SPACE = re.compile(r"\s+")
_RUNS = re.compile(r"\s{2,}")
# what str.split() and re's \s take as white space: every character str.isspace() accepts
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# the three sets :func:`normalise` folds, for engines that fold text in their own functions
SINGLE_QUOTES, DOUBLE_QUOTES, WHITE_SPACE = _SINGLE, _DOUBLE, _WHITE_SPACE
_TYPOGRAPHIC_SPACED = str.maketrans(
    {
        **dict.fromkeys(_SINGLE, "'"),
        **dict.fromkeys(_DOUBLE, '"'),
        **dict.fromkeys(_WHITE_SPACE, " "),
    }
)
# bytes that make a value possibly not normal: the ASCII controls str.isspace() accepts
# (\t \n \v \f \r \x1c-\x1f) and every non-ASCII byte
_NOT_PLAIN = np.zeros(256, dtype=bool)
_NOT_PLAIN[[9, 10, 11, 12, 13, 28, 29, 30, 31]] = True
_NOT_PLAIN[128:] = True


def normalise(text: str) -> str:
    """Straighten quotes and apostrophes, fold every run of white space to one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def normalise_many(quotes: pd.Series) -> pd.Series:
    """:func:`normalise` for a whole column. Values that are surely normal already (ASCII,
    no white space but single inner spaces) are found by scanning the column's bytes with
    numpy; only the rest go through :func:`normalise`, so the result is exactly the same.
    When nothing needs changing, the result shares the column's memory."""
    chunks = [_normalise_chunk(chunk) for chunk in arrow_chunks(quotes).chunks]
    array = pa.chunked_array(chunks, type=pa.large_string())
    return pd.Series(pd.array(array, dtype="str"), index=quotes.index)


def _normalise_chunk(array: pa.LargeStringArray) -> pa.LargeStringArray:
    odd = _maybe_not_normal(array)
    if not odd.any():
        return array
    mask = pa.array(odd)
    fixed = [normalise(q) for q in array.filter(mask).to_pylist()]
    return pc.replace_with_mask(array, mask, pa.array(fixed, type=pa.large_string()))


def _maybe_not_normal(array: pa.LargeStringArray) -> np.ndarray:
    """Per value: might :func:`normalise` change it? (False means surely not.)

    Works in slices so that the byte-wide temporaries stay small.
    """
    step = 1 << 16
    parts = [_slice_not_normal(array.slice(i, step)) for i in range(0, len(array), step)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _slice_not_normal(array: pa.LargeStringArray) -> np.ndarray:
    n = len(array)
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype="int64")[array.offset : array.offset + n + 1]
    odd = np.asarray(array.is_null(), dtype=bool)
    if offsets[-1] == offsets[0]:
        return odd
    data = np.frombuffer(data_buffer, dtype="uint8")[offsets[0] : offsets[-1]]
    offsets = offsets - offsets[0]
    bad = _NOT_PLAIN[data]  # non-ASCII (every typographic quote and odd space) or a control space
    space = data == 32
    bad[:-1] |= space[:-1] & space[1:]  # a double space (one across two values is harmless)
    odd[np.searchsorted(offsets, np.flatnonzero(bad), side="right") - 1] = True
    nonempty = offsets[1:] > offsets[:-1]
    odd[nonempty] |= space[offsets[:-1][nonempty]] | space[offsets[1:][nonempty] - 1]
    return odd


def _fold_spaces(text: str) -> str:
    """``re.sub(r"\\s+", " ", text)``, but split/join is many times faster on long texts."""
    words = text.split()  # splits on exactly the characters \\s matches
    if not words:
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + " ".join(words) + trail


CONTEXT_CHARS = 1_500  # a paragraph longer than this around a quote is cut, with an ellipsis


@dataclass(frozen=True, eq=False)
class Article:
    """An article's text with a normalised copy that maps back to original offsets.

    ``offsets[i]`` is the position in ``text`` of character ``i`` of ``normalised``; it is
    None when the two line up one to one (no run of white space was folded), which is the
    common case and saves an array as long as the text.
    """

    text: str
    normalised: str
    offsets: np.ndarray | None

    @classmethod
    def from_text(cls, text: str) -> Article:
        # every white space character as one space, quotes straightened: one character for
        # one, so positions keep; with no two spaces in a row that is the folded text already
        # (the usual article, one paragraph a line), without splitting it into words
        spaced = text.translate(_TYPOGRAPHIC_SPACED)
        if "  " not in spaced:
            return cls(text=text, normalised=spaced, offsets=None)
        straight = text.translate(_TYPOGRAPHIC)
        normalised = _fold_spaces(straight)
        if len(normalised) == len(text):
            return cls(text=text, normalised=normalised, offsets=None)
        folded = np.zeros(len(text) + 1, dtype="int8")
        for run in _RUNS.finditer(straight):  # the second to last characters of each run go
            folded[run.start() + 1] += 1
            folded[run.end()] -= 1
        kept = np.cumsum(folded[:-1]) == 0
        offsets = np.flatnonzero(kept).astype("int32" if len(text) < 2**31 else "int64")
        return cls(text=text, normalised=normalised, offsets=offsets)

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Character span ``[start, end)`` of ``quote`` in the original text, or None."""
        needle = normalise(quote)
        if not needle:
            return None
        at = self.normalised.find(needle)
        if at < 0:
            return None
        return self.span(at, len(needle))

    def span(self, at: int, length: int) -> tuple[int, int]:
        """Original ``[start, end)`` of ``length`` normalised characters found at ``at``."""
        if self.offsets is None:
            return at, at + length
        return int(self.offsets[at]), int(self.offsets[at + length - 1]) + 1

    def paragraph_around(self, start: int, end: int) -> tuple[int, int]:
        """The paragraph (text between blank-line or line breaks) that holds a span."""
        para_start = self.text.rfind("\n", 0, start) + 1
        para_end = self.text.find("\n", end)
        return para_start, len(self.text) if para_end < 0 else para_end

    def context(self, start: int, end: int) -> tuple[str, int]:
        """The paragraph around the span ``[start, end)``, cut to :data:`CONTEXT_CHARS`
        either side of it with an ellipsis, and the offset to subtract from ``start`` and
        ``end`` to find the span in that text. What a reader is shown around a quote: the
        app's panel and the published page alike, never more of the article."""
        p_start, p_end = self.paragraph_around(start, end)
        lo, hi = max(p_start, start - CONTEXT_CHARS), min(p_end, end + CONTEXT_CHARS)
        before, after = ("…" if lo > p_start else ""), ("…" if hi < p_end else "")
        return before + self.text[lo:hi] + after, lo - len(before)
