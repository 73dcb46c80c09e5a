"""Quote matching: typography and white space are forgiven, nothing else is."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from timeline.model.quotes import Article, normalise

CURLY = {"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"'}
SPACES = [" ", "  ", "\n", "\r\n", "\t", " \n ", "\u00a0", "\u2003", "\n\n"]

# words of letters a-m and typographic/straight punctuation; replacements come from n-z,
# so a changed letter can never re-create a piece of the article by chance
word = st.text(alphabet="abcdefghijklmABCDEFGHIJKLM’‘“”'\".,;-", min_size=1, max_size=8)
separator = st.sampled_from(SPACES)


@st.composite
def articles(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, min_size=1, max_size=40))
    gaps = draw(st.lists(separator, min_size=len(words) + 1, max_size=len(words) + 1))
    return "".join(g + w for g, w in zip(gaps, words, strict=False)) + gaps[-1]


def retype(text: str, gaps: list[str]) -> str:
    """Type a passage as a user would: straight quotes, white space of their own."""
    straight = "".join(CURLY.get(c, c) for c in text)
    pieces = straight.split()
    out = [gaps[i % len(gaps)] + piece for i, piece in enumerate(pieces)]
    return "".join(out)


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without its leading and trailing white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- examples ---------------------------------------------------------------------------------


def test_curly_article_straight_quote():
    article = Article.from_text("He said “it’s over” on Monday.")
    span = article.locate('said "it\'s over"')
    assert span is not None
    assert article.text[span[0] : span[1]] == "said “it’s over”"


def test_straight_article_curly_quote():
    article = Article.from_text('He said "it\'s over" on Monday.')
    span = article.locate("“it’s over”")
    assert span == (8, 19)


def test_line_breaks_and_runs_of_spaces():
    article = Article.from_text("The two\n  states   opened\r\na rail link.")
    span = article.locate("two states opened a rail")
    assert span is not None
    assert article.text[span[0] : span[1]] == "two\n  states   opened\r\na rail"


def test_case_matters_but_a_passage_may_end_inside_a_word():
    article = Article.from_text("The two states opened a rail link.")
    assert article.locate("the two states opened") is None
    assert article.locate("The two states open") == (0, 19)


@pytest.mark.parametrize(
    "quote",
    [
        "The two nations opened",
        "The two states opened a rail link!",
        "The two states, opened",
        "Thetwo states",
        "The two states opened a rail link. More",
        "",
        "   ",
    ],
)
def test_anything_but_typography_is_a_mismatch(quote: str):
    assert Article.from_text("The two states opened a rail link.").locate(quote) is None


def test_paragraph_around():
    text = "First line.\nSecond line holds it.\nThird."
    article = Article.from_text(text)
    span = article.locate("holds it")
    assert span is not None
    start, end = article.paragraph_around(*span)
    assert text[start:end] == "Second line holds it."


# --- properties -------------------------------------------------------------------------------


@given(articles(), st.data(), st.lists(separator, min_size=1, max_size=5))
def test_any_retyped_passage_is_found_where_it_is(text: str, data: st.DataObject, gaps: list[str]):
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    end = data.draw(st.integers(start + 1, len(text)), label="end")
    start, end = trimmed_span(text, start, end)
    assume(start < end)
    quote = retype(text[start:end], gaps)
    found = Article.from_text(text).locate(quote)
    assert found is not None
    found_start, found_end = found
    # the first occurrence: at the passage, or at an identical passage before it
    assert found_start <= start
    assert normalise(text[found_start:found_end]) == normalise(text[start:end])
    assert not text[found_start].isspace() and not text[found_end - 1].isspace()
    flat, needle = normalise(text), normalise(quote)
    if flat.find(needle) == flat.rfind(needle):  # only one occurrence, overlapping ones counted
        assert found == (start, end)


@given(
    st.lists(st.text(alphabet="abcdefghijklm", min_size=3, max_size=8), min_size=2, max_size=30),
    st.data(),
)
def test_unique_words_are_found_at_exact_offsets(words: list[str], data: st.DataObject):
    words = [f"{w}{i:02d}" for i, w in enumerate(words)]  # every word is unique
    text = "\n".join(" ".join(words[i : i + 3]) for i in range(0, len(words), 3))
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    quote = " ".join(words[first : last + 1])
    start = text.index(words[first])
    end = text.index(words[last]) + len(words[last])
    assert Article.from_text(text).locate(quote) == (start, end)


@given(articles(), st.data(), st.sampled_from("nopqrstuvwxyz"))
def test_a_changed_letter_is_not_found(text: str, data: st.DataObject, letter: str):
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    assume(letters)
    at = data.draw(st.sampled_from(letters), label="changed letter")
    start = data.draw(st.integers(0, at), label="start")
    end = data.draw(st.integers(at + 1, len(text)), label="end")
    changed = text[start:at] + letter + text[at + 1 : end]
    assert Article.from_text(text).locate(changed) is None


@given(st.text(max_size=200), st.text(max_size=50))
def test_locate_never_raises_and_any_span_matches(text: str, quote: str):
    found = Article.from_text(text).locate(quote)
    if found is not None:
        start, end = found
        assert 0 <= start < end <= len(text)
        assert normalise(text[start:end]) == normalise(quote)
