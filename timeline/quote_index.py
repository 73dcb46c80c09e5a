"""Where each of many quotes occurs in one article, found in a single pass over the article.

Looking each quote up with ``str.find`` costs a scan of the article per quote: a dataset of
100,000 excerpts quoted from a few long articles takes minutes. An Aho–Corasick automaton of
all of an article's quotes finds every occurrence of every quote in one scan instead.

This is a pure function of two normalised texts (see :func:`timeline.quotes.normalise`); the
mapping back to the original article and the messages belong to the callers.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick_rs
import numpy as np


def locate_all(text: str, needles: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(first, repeated)`` for each needle, as ``int64`` and ``bool`` arrays.

    ``first[i]`` is ``text.find(needles[i])``: the character position of the needle's first
    occurrence, -1 when it does not occur. ``repeated[i]`` says whether it also occurs at a
    later position, overlapping occurrences counted (``"aa"`` occurs twice in ``"aaa"``): that
    is ``text.find(needle, first + 1) >= 0``. The empty needle occurs at every position.

    Needles may repeat; each distinct one is matched once.
    """
    n = len(needles)
    first = np.full(n, -1, dtype="int64")
    repeated = np.zeros(n, dtype=bool)
    if not n:
        return first, repeated
    distinct = list(dict.fromkeys(needles))
    slot = {needle: i for i, needle in enumerate(distinct)}
    where = np.fromiter((slot[needle] for needle in needles), dtype="int64", count=n)
    found, again = _scan(text, distinct)
    return found[where], again[where]


def _scan(text: str, distinct: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`locate_all` for needles that are all different."""
    k = len(distinct)
    first = np.full(k, -1, dtype="int64")
    count = np.zeros(k, dtype="int64")
    empty = [i for i, needle in enumerate(distinct) if not needle]
    for i in empty:  # the automaton takes no empty pattern; "" is found at 0, 1, ..., len(text)
        first[i], count[i] = 0, len(text) + 1
    patterns = [needle for needle in distinct if needle]
    if patterns and text:
        index = np.flatnonzero([bool(needle) for needle in distinct])
        automaton = ahocorasick_rs.AhoCorasick(
            patterns, matchkind=ahocorasick_rs.MatchKind.Standard
        )
        # every occurrence of every pattern, overlapping ones too, as character offsets
        matches = automaton.find_matches_as_indexes(text, overlapping=True)
        if matches:
            found = np.array(matches, dtype="int64").reshape(-1, 3)
            pattern, start = index[found[:, 0]], found[:, 1]
            earliest = np.full(k, np.iinfo("int64").max, dtype="int64")
            np.minimum.at(earliest, pattern, start)
            occurrences = np.bincount(pattern, minlength=k)
            seen = occurrences > 0
            first[seen] = earliest[seen]
            count += occurrences
    return first, count > 1
