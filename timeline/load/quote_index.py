"""Where quotes occur in their articles: many quotes of one article in a single pass over it,
and the quotes of many articles in one query on DuckDB.

Looking each quote up with ``str.find`` costs a scan of the article per quote: a dataset of
100,000 excerpts quoted from a few long articles takes minutes. An Aho–Corasick automaton of
all of an article's quotes finds every occurrence of every quote in one scan instead
(:func:`locate_all`). A million excerpts spread over ten thousand ordinary articles are a
million and a half searches: one ``str.find`` after another holds Python's interpreter lock
on one core, while DuckDB runs the same searches on every core (:func:`find_each`).

These are pure functions of normalised texts (see :func:`timeline.quotes.normalise`); the
mapping back to the original article and the messages belong to the callers.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick_rs
import numpy as np
import pyarrow as pa

from timeline.model.spill import connect

KEY = 24  # characters of each needle the automaton holds


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
    slot = dict.fromkeys(needles, 0)
    slot.pop("", None)  # the automaton takes no empty pattern
    distinct = list(slot)
    for i, needle in enumerate(distinct):
        slot[needle] = i
    slot[""] = len(distinct)  # found at 0, 1, ..., len(text)
    where = np.fromiter((slot[needle] for needle in needles), dtype="int64", count=n)
    found, again = _scan(text, distinct)
    found = np.append(found, 0)
    again = np.append(again, len(text) > 0)
    return found[where], again[where]


def _scan(text: str, distinct: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`locate_all` for needles that are all different and not empty.

    The automaton holds each needle's first :data:`KEY` characters only: building it costs
    time in the total length of what it holds, and quotes are mostly longer than that. A
    needle no longer than its key occurs wherever the key does; a longer one is checked with
    ``str.startswith`` at its key's occurrences, in order, until it is found twice.
    """
    k = len(distinct)
    first = np.full(k, -1, dtype="int64")
    repeated = np.zeros(k, dtype=bool)
    slots: dict[str, int] = {}
    key = np.fromiter(
        (slots.setdefault(needle[:KEY], len(slots)) for needle in distinct), dtype="int64", count=k
    )
    if not slots or not text:
        return first, repeated
    automaton = ahocorasick_rs.AhoCorasick(
        list(slots),
        matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.ContiguousNFA,
    )
    # every occurrence of every key, overlapping ones too, as character offsets
    matches = automaton.find_matches_as_indexes(text, overlapping=True)
    found = np.array(matches, dtype="int64").reshape(-1, 3)
    order = np.lexsort((found[:, 1], found[:, 0]))  # by key, then position
    hit_key, hit_start = found[order, 0], found[order, 1]
    bounds = np.searchsorted(hit_key, np.arange(len(slots) + 2))
    lo, hi = bounds[key], bounds[key + 1]  # each needle's key's occurrences
    lengths = np.fromiter(map(len, distinct), dtype="int64", count=k)
    whole = (lengths <= KEY) & (hi > lo)  # the needle is its key
    first[whole] = hit_start[lo[whole]]
    repeated[whole] = hi[whole] - lo[whole] > 1
    starts = hit_start.tolist()
    startswith = text.startswith
    for i in np.flatnonzero((lengths > KEY) & (hi > lo)).tolist():
        needle, seen = distinct[i], 0
        for at in starts[lo[i] : hi[i]]:
            if startswith(needle, at):
                if seen:
                    repeated[i] = True
                    break
                first[i], seen = at, 1
    return first, repeated


def find_each(texts: Sequence[str], owner: np.ndarray, needles: pa.StringArray) -> np.ndarray:
    """``texts[owner[i]].find(needles[i])`` for every ``i``, as one ``int64`` array.

    One DuckDB query joins each needle to its text and searches on every core. Where a needle
    occurs, the characters before it are the first part of the text split at it: counting
    them is faster than ``instr``, whose character count is a plain loop (a million quotes
    in ten thousand articles: 2.2 s against 3.0 s, and 3.8 s for ``str.find`` one by one).
    The empty needle is found at the start, as ``find`` finds it. DuckDB is imported here:
    a small dataset's few searches never pay for it.
    """
    articles = pa.table({"a": pa.array(range(len(texts)), pa.int64()), "text": list(texts)})
    wanted = pa.table(
        {
            "i": pa.array(np.arange(len(needles), dtype="int64")),
            "a": pa.array(np.asarray(owner, dtype="int64")),
            "needle": needles,
        }
    )
    with connect() as con:
        con.register("articles", articles)
        con.register("wanted", wanted)
        found = con.execute(_FIND_EACH).fetchnumpy()
    at = np.empty(len(needles), dtype="int64")
    at[np.asarray(found["i"], dtype="int64")] = np.asarray(found["at"], dtype="int64")
    return at


_FIND_EACH = """
SELECT i, CASE
    WHEN needle = '' THEN 0
    WHEN contains(text, needle) THEN length(split_part(text, needle, 1))
    ELSE -1 END AS at
FROM wanted JOIN articles USING (a)
"""
