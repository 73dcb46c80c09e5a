"""The one-pass quote matcher equals one ``str.find`` per quote, overlaps and repeats included."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.load import articles as articles_module
from timeline.load import quote_index
from timeline.load.articles import locate_quotes as _locate_quotes
from timeline.load.quote_index import find_each, locate_all
from timeline.model.quotes import Article


def naive(text: str, needles: list[str]) -> tuple[list[int], list[bool]]:
    """The definition: the first occurrence, and whether there is another one after it."""
    first = [text.find(needle) for needle in needles]
    repeated = [
        at >= 0 and text.find(needle, at + 1) >= 0
        for needle, at in zip(needles, first, strict=True)
    ]
    return first, repeated


def located(text: str, needles: list[str]) -> tuple[list[int], list[bool]]:
    first, repeated = locate_all(text, needles)
    return first.tolist(), repeated.tolist()


def test_first_occurrence_and_whether_it_repeats():
    text = "the cat sat on the mat"
    assert located(text, ["the", "cat", "dog", "at", "mat"]) == (
        [0, 4, -1, 5, 19],
        [True, False, False, True, False],
    )


def test_overlapping_occurrences_count():
    assert located("aaa", ["aa", "aaa", "aaaa"]) == ([0, 0, -1], [True, False, False])
    assert located("abcabc", ["bca", "cab", "abcab"]) == ([1, 2, 0], [False, False, False])
    assert located("abababa", ["aba", "ababa"]) == ([0, 0], [True, True])


def test_a_needle_inside_another_is_found_too():
    text = "He said it's over."
    assert located(text, ["said it's over", "it's", "s"]) == ([3, 8, 3], [False, False, True])


def test_repeated_needles_get_the_same_answer():
    needles = ["ab", "y", "ab", "ab"]
    assert located("x ab y ab", needles) == ([2, 5, 2, 2], [True, False, True, True])


def test_empty_needle_and_empty_text():
    assert located("abc", ["", "b"]) == ([0, 1], [True, False])
    assert located("", ["", "a"]) == ([0, -1], [False, False])
    assert located("abc", []) == ([], [])


def test_offsets_are_characters_not_bytes():
    text = "café – “naïve” 😀 café"
    needles = ["café", "“naïve”", "😀", "é"]
    assert located(text, needles) == naive(text, needles)


# the automaton holds needles' first KEY characters; small keys check the longer-needle path
keys = st.sampled_from([1, 2, 3, 5, quote_index.KEY])


@given(
    st.text(alphabet="ab c’", max_size=60),
    st.lists(st.text(alphabet="ab c’", max_size=6), max_size=12),
    keys,
)
def test_equals_one_find_per_needle(text: str, needles: list[str], key: int):
    with mock.patch.object(quote_index, "KEY", key):
        assert located(text, needles) == naive(text, needles)


@given(st.data(), st.text(min_size=1, max_size=80), keys)
def test_passages_of_the_text_equal_one_find_per_needle(data: st.DataObject, text: str, key: int):
    """Needles cut from the text itself (so most are found), over any characters."""
    spans = st.tuples(st.integers(0, len(text)), st.integers(0, 8))
    cuts = data.draw(st.lists(spans, min_size=1, max_size=10))
    needles = [text[start : start + length] for start, length in cuts]
    with mock.patch.object(quote_index, "KEY", key):
        assert located(text, needles) == naive(text, needles)


@given(st.data(), st.text(alphabet="ab", min_size=30, max_size=300))
def test_needles_longer_than_the_key_equal_one_find_per_needle(data: st.DataObject, text: str):
    """Long needles over two letters: their keys occur often, and mostly not as the needle."""
    spans = st.tuples(st.integers(0, len(text)), st.integers(quote_index.KEY, 60))
    cuts = data.draw(st.lists(spans, min_size=1, max_size=10))
    needles = [text[start : start + length] for start, length in cuts]
    needles += data.draw(st.lists(st.text(alphabet="ab", min_size=20, max_size=40), max_size=5))
    assert located(text, needles) == naive(text, needles)


TYPED = st.text(alphabet=list("ab .'\"\n\r\xa0’“”é"), max_size=10)


@given(st.lists(TYPED, min_size=1, max_size=3), st.lists(st.tuples(st.integers(0, 3), TYPED)))
def test_the_loader_locates_every_quote_as_article_locate_does(
    texts: list[str], excerpts: list[tuple[int, str]]
):
    articles = {f"s{i}": Article.from_text(text) for i, text in enumerate(texts)}
    source_ids = pd.Series([f"s{i}" for i, _ in excerpts], dtype="str")  # s3 may not exist
    quotes = pd.Series([quote for _, quote in excerpts], dtype="str")
    checked, start, end = _locate_quotes(source_ids, quotes, articles)
    for row, (i, quote) in enumerate(excerpts):
        article = articles.get(f"s{i}")
        assert checked[row] == (article is not None and quote != "")
        expected = article.locate(quote) if checked[row] else None
        assert (start[row], end[row]) == (expected or (-1, -1))


@given(
    st.lists(st.text(max_size=40), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40), st.integers(0, 8)), max_size=12),
    st.lists(st.tuples(st.integers(0, 3), st.text(max_size=4)), max_size=4),
)
@settings(deadline=None)  # the first query starts DuckDB
def test_the_query_equals_one_find_per_needle(
    texts: list[str], cuts: list[tuple[int, int, int]], typed: list[tuple[int, str]]
):
    """Any characters (astral ones, combining marks, empty needles): the query counts
    characters as ``str.find`` does."""
    pairs = [(a % len(texts), texts[a % len(texts)][at : at + n]) for a, at, n in cuts]
    pairs += [(a % len(texts), needle) for a, needle in typed]
    owner = np.array([a for a, _ in pairs], dtype="int64")
    needles = pa.array([needle for _, needle in pairs], pa.string())
    found = find_each(texts, owner, needles).tolist()
    assert found == [texts[a].find(needle) for a, needle in pairs]


def test_the_loader_finds_as_much_through_the_engine_as_alone(monkeypatch):
    """Many articles' quotes searched in one query are located as one search each locates
    them, spans mapped back through typographic quotes and white space included."""
    rng = np.random.default_rng(7)
    words = np.array(["the", "treaty", "“signed”", "Kim", "Putin’s", "visit", "in", "2024.\n"])
    texts = {f"s{i}": " ".join(rng.choice(words, 200)) for i in range(12)}
    articles = {key: Article.from_text(text) for key, text in texts.items()}
    rows = []
    for _ in range(600):
        key = f"s{rng.integers(0, 13)}"  # s12 has no article
        text = texts.get(key, "no such article")
        at, length = rng.integers(0, len(text)), rng.integers(0, 30)
        rows.append((key, text[at : at + length].replace("’", "'").replace("\n", " ")))
    source_ids = pd.Series([key for key, _ in rows], dtype="str")
    quotes = pd.Series([quote for _, quote in rows], dtype="str")
    alone = _locate_quotes(source_ids, quotes, articles)
    monkeypatch.setattr(articles_module, "_WORTH_ENGINE", 0)
    with mock.patch.object(quote_index, "find_each", wraps=quote_index.find_each) as engine:
        monkeypatch.setattr(articles_module, "find_each", engine)
        through_engine = _locate_quotes(source_ids, quotes, articles)
    assert engine.call_count == 1, "every ordinary article's quotes in one query"
    for one, two in zip(alone, through_engine, strict=True):
        assert one.tolist() == two.tolist()
    assert (through_engine[1] >= 0).sum() > 300  # most were found, not a vacuous match of -1s
