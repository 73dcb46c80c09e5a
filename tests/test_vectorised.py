"""The vectorised fast paths give exactly what the plain Python definitions give."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import EVENTS, write_dataset
from hypothesis import given
from hypothesis import strategies as st

from timeline.load import tables
from timeline.load.loader import WHITESPACE, _split_names, load_dataset
from timeline.model.columns import strip
from timeline.model.problems import DatasetError
from timeline.model.quotes import Article, normalise, normalise_many
from timeline.model.schema import EVENTS as EVENTS_SPEC

# the characters that make the difference: curly quotes, odd spaces, controls, plain ASCII
TRICKY = st.text(alphabet=list("ab .,'\"\t\n\r\x0b\x1c\xa0\u2028\u3000’‘“”´″é"), max_size=12)


def test_whitespace_constant_is_what_python_strips() -> None:
    python = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(WHITESPACE) == python


@given(st.lists(TRICKY, max_size=30), st.integers(0, 5))
def test_normalise_many_is_normalise(values: list[str], skip: int) -> None:
    series = pd.Series(values, dtype="str").iloc[skip:]  # an offset into the arrow buffers too
    assert normalise_many(series).tolist() == [normalise(v) for v in series]


@given(st.lists(TRICKY, max_size=30), st.integers(0, 5))
def test_strip_is_str_strip(values: list[str], skip: int) -> None:
    series = pd.Series(values, dtype="str").iloc[skip:]
    pd.testing.assert_series_equal(strip(series), series.str.strip())


@given(TRICKY, TRICKY)
def test_located_span_holds_the_quote(text: str, quote: str) -> None:
    article = Article.from_text(text)
    found = article.locate(quote)
    if found is None:
        assert not normalise(quote) or normalise(quote) not in article.normalised
    else:
        assert normalise(text[found[0] : found[1]]) == normalise(quote)


def test_large_tables_locate_problems_by_reading_again(
    make_dataset: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    events = [dict(e) for e in EVENTS]
    events[2]["date"] = "2001-02-30"
    events[1]["summary"] = "A rail link\ncarries goods."  # a quoted line break shifts lines
    folder = make_dataset(events=events)
    with pytest.raises(DatasetError) as kept:
        load_dataset(folder)
    monkeypatch.setattr(tables, "_KEEP_TEXT", 0)
    with pytest.raises(DatasetError) as reread:
        load_dataset(folder)
    assert [p.line for p in reread.value.problems] == [p.line for p in kept.value.problems]
    assert [p.line for p in kept.value.problems] == [5]


# separators, text, and what must send a file down the decoding path: NUL, CR, a BOM, bytes
# that are not UTF-8 (a lone byte, an encoded surrogate, an overlong form)
CSV_BYTES = st.lists(
    st.sampled_from(
        [
            *(b",", b",", b'"', b"\n", b"\n", b" ", b"\t", b"a", b"z", b"1", b";", "é".encode()),
            *(b"\x00", b"\r", b"\x0b", b"\xef\xbb\xbf", b"\xe9", b"\xed\xa0\x80", b"\xc0\xaf"),
        ]
    ),
    max_size=150,
).map(b"".join)


def _outcome(folder: Path) -> object:
    """What loading says: the problems, or the loaded frames."""
    try:
        dataset = load_dataset(folder)
    except DatasetError as error:
        return error.problems
    return [dataset.events, dataset.excerpts, dataset.sources, dataset.vocabulary]


@pytest.mark.slow  # each example loads a dataset twice
@given(st.sampled_from(["events.csv", "excerpts.csv", "sources.csv"]), CSV_BYTES, st.booleans())
def test_large_plain_files_skip_decoding_with_the_same_outcome(
    tmp_path_factory: pytest.TempPathFactory, name: str, body: bytes, keep_header: bool
) -> None:
    """A large table of plain UTF-8 is parsed from its bytes, not decoded into text first:
    the frames and the problems (with their lines) are those of the decoded path."""
    folder = write_dataset(tmp_path_factory.mktemp("data"))
    path = folder / name
    header = path.read_bytes().split(b"\n", 1)[0] + b"\n" if keep_header else b""
    path.write_bytes(header + body)
    decoded = _outcome(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables, "_KEEP_TEXT", 0)
        plain = _outcome(folder)
    if isinstance(decoded, list) and decoded and isinstance(decoded[0], pd.DataFrame):
        for left, right in zip(decoded, plain, strict=True):  # type: ignore[arg-type]
            pd.testing.assert_frame_equal(left, right)
    else:
        assert plain == decoded


NAMES = st.sampled_from(["A", "B", "Carl", " A ", "x", "", "Carll", "\u00a0B"])
LISTS = st.lists(st.lists(NAMES, max_size=4).map(";".join), max_size=25)


@given(LISTS)
def test_split_names_is_splitting_each_row(values: list[str]) -> None:
    """Each distinct list is split once and spread back: the same as splitting every row."""
    declared = ("A", "B", "Carl")
    table = tables.Table(EVENTS_SPEC, pd.DataFrame({"actors": pd.Series(values, dtype="str")}), "")
    table._lines = np.arange(len(values) + 2) + 1  # row r is on line r + 2
    out = tables.Collector()
    long = _split_names(table, "actors", declared, "actor", out)
    expected, unknown = [], []
    for row, value in enumerate(values):
        names = [n.strip(WHITESPACE) for n in value.split(";")]
        unknown += [(row + 2, n) for n in names if n and n not in declared]
        expected += [(row, n) for n in dict.fromkeys(n for n in names if n in declared)]
    assert list(zip(long["event"], long["actor"].astype(str), strict=True)) == expected
    assert [(p.line, p.value) for p in out.problems] == unknown
