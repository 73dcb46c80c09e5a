"""Files as spreadsheets and editors really save them: BOMs, CRLF, quoting, other encodings.

Decision: UTF-8 (with or without BOM) and BOM-marked UTF-16 are read, because both are
detected without guessing. Anything else (Latin-1, Windows-1252, UTF-16 without a BOM) is
refused with the file name and the first bad line, since guessing a legacy encoding could
silently change the words of a quote.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EVENTS, EXCERPTS, VOCABULARY

from timeline.load.loader import load_dataset
from timeline.model.problems import DatasetError, Problem

MakeDataset = Callable[..., Path]
CSV_FILES = ("events.csv", "excerpts.csv", "sources.csv", "vocabulary.csv")

NON_ASCII_VOCABULARY = [
    *VOCABULARY,
    {"kind": "actor", "name": "Türkiye", "description": "Republic of Türkiye"},
    {"kind": "actor", "name": "Côte d'Ivoire", "description": 'The "Ivory Coast", in English'},
    {"kind": "actor", "name": "Việt Nam", "description": "Hà Nội"},
    {"kind": "theme", "name": "外交", "description": "diplomacy, in Chinese"},
]
NON_ASCII_EVENT = {
    **EVENTS[0],
    "id": "abidjan",
    "date": "1995-11",
    "title": "Türkiye and Côte d'Ivoire, in Abidjan",
    "summary": 'A "first", with commas, quotes\nand a line break; ünïcödé.',
    "actors": "Türkiye;Côte d'Ivoire;Việt Nam",
    "themes": "外交",
}


def re_encode(root: Path, encoding: str, newline: str = "\n", files=CSV_FILES) -> None:
    """Rewrite files in another encoding and line ending, as an editor's "save as" would."""
    for name in files:
        path = root / name
        text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
        path.write_bytes(text.replace("\n", newline).encode(encoding))


def problems(root: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as info:
        load_dataset(root)
    return info.value.problems


@pytest.fixture
def rich_dataset(make_dataset: MakeDataset) -> Path:
    """Non-ASCII names, quoted commas, quotes and newlines: everything a real file holds."""
    return make_dataset(
        vocabulary=NON_ASCII_VOCABULARY,
        events=[*EVENTS, NON_ASCII_EVENT],
        excerpts=[
            *EXCERPTS,
            {"event_id": "abidjan", "source_id": "a", "quote": "Ruritania's envoy said"},
        ],
    )


def assert_rich_content(root: Path) -> None:
    dataset = load_dataset(root)
    by_id = dataset.events.set_index("id")
    assert by_id.loc["abidjan", "title"] == NON_ASCII_EVENT["title"]
    assert by_id.loc["abidjan", "summary"] == NON_ASCII_EVENT["summary"]
    assert by_id.loc["abidjan", "actors"] == ["Türkiye", "Côte d'Ivoire", "Việt Nam"]
    assert by_id.loc["abidjan", "themes"] == ["外交"]
    assert "Côte d'Ivoire" in dataset.actors
    assert len(dataset.events) == len(EVENTS) + 1


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [
        ("utf-8", "\n"),
        ("utf-8", "\r\n"),
        ("utf-8-sig", "\n"),
        ("utf-8-sig", "\r\n"),
        ("utf-8-sig", "\r"),
        ("utf-16", "\r\n"),  # Python writes a BOM: little-endian here
        ("utf-16-be", "\n"),  # prefixed with a BOM below
    ],
)
def test_encodings_and_line_endings_load(rich_dataset: Path, encoding: str, newline: str):
    re_encode(rich_dataset, encoding, newline)
    if encoding == "utf-16-be":
        for name in CSV_FILES:
            path = rich_dataset / name
            path.write_bytes(b"\xfe\xff" + path.read_bytes())
    assert_rich_content(rich_dataset)


def test_bom_is_not_part_of_the_first_column_name(rich_dataset: Path):
    re_encode(rich_dataset, "utf-8-sig")
    dataset = load_dataset(rich_dataset)
    assert "id" in dataset.events.columns
    assert not [w for w in dataset.warnings if w.column and "\ufeff" in w.column]


def test_trailing_blank_lines_and_trailing_spaces(rich_dataset: Path):
    for name in CSV_FILES:
        path = rich_dataset / name
        path.write_bytes(path.read_bytes() + b"\r\n\r\n   \r\n\n")
    assert_rich_content(rich_dataset)


def test_articles_with_bom_and_crlf_keep_quote_offsets(make_dataset: MakeDataset):
    article = "Première ligne.\r\nLe “traité” fut signé à Münster.\r\n"
    root = make_dataset(
        articles={"a.txt": "x", "b.txt": "y"},
        excerpts=[{"event_id": "westphalia", "source_id": "a", "quote": 'Le "traité" fut signé'}],
        sources=[{"id": "a", "title": "T", "published": "1648", "file": "a.txt", "note": ""}],
    )
    (root / "sources" / "a.txt").write_bytes(article.encode("utf-8-sig"))
    dataset = load_dataset(root)
    row = dataset.excerpts.iloc[0]
    text = dataset.articles["a"].text
    assert text[row["quote_start"] : row["quote_end"]] == "Le “traité” fut signé"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encoding_names_the_file_and_first_bad_line(rich_dataset: Path, encoding: str):
    path = rich_dataset / "vocabulary.csv"
    text = path.read_bytes().decode("utf-8").replace("外交", "diplomacy").replace("ệ", "e")
    text = text.replace("Hà Nội", "Hanoi")
    path.write_bytes(text.encode(encoding))
    found = problems(rich_dataset)
    [problem] = [p for p in found if p.file == "vocabulary.csv"]
    lines = text.replace("\r\n", "\n").split("\n")
    first_bad = next(i for i, line in enumerate(lines, 1) if not line.isascii())
    assert problem.line == first_bad == 7  # Türkiye
    assert "UTF-8" in problem.message
    assert "vocabulary.csv:7" in str(problem)


def test_windows_smart_quotes_are_a_legacy_encoding(make_dataset: MakeDataset):
    root = make_dataset()
    path = root / "excerpts.csv"
    text = path.read_bytes().decode("utf-8").replace("Ruritania's", "Ruritania’s")
    path.write_bytes(text.encode("cp1252"))
    found = problems(root)
    assert [(p.file, p.line) for p in found] == [("excerpts.csv", 5)]


def test_legacy_encoded_article_is_named(make_dataset: MakeDataset):
    root = make_dataset()
    (root / "sources" / "b.txt").write_bytes("Le traité de Münster.\n".encode("latin-1"))
    found = problems(root)
    assert ("sources/b.txt", 1) in {(p.file, p.line) for p in found}


def test_utf16_without_bom_is_refused_clearly(make_dataset: MakeDataset):
    root = make_dataset()
    re_encode(root, "utf-16-le", files=("events.csv",))
    [problem] = problems(root)
    assert (problem.file, problem.line) == ("events.csv", 1)
    assert "UTF-8" in problem.message


def test_utf16_bom_with_odd_length_is_refused_not_crashed(make_dataset: MakeDataset):
    root = make_dataset()
    path = root / "sources.csv"
    path.write_bytes("id,title\n".encode("utf-16") + b"\x00")
    found = problems(root)
    assert {p.file for p in found} == {"sources.csv"}
    assert all(p.message for p in found)


def test_non_ascii_unknown_actor_is_reported_verbatim(make_dataset: MakeDataset):
    event = {**EVENTS[0], "actors": "Türkiye"}
    found = problems(make_dataset(events=[event, *EVENTS[1:]]))
    assert [(p.line, p.column, p.value) for p in found] == [(2, "actors", "Türkiye")]


def test_utf16_with_a_nul_character_is_refused_not_truncated(make_dataset: MakeDataset):
    """pandas stops a field at NUL: the file would load with cells silently cut short."""
    root = make_dataset()
    text = (root / "vocabulary.csv").read_bytes().decode("utf-8")
    (root / "vocabulary.csv").write_bytes(
        text.replace("Freedonia", "Free\x00donia").encode("utf-16")
    )
    [problem] = problems(root)
    assert (problem.file, problem.line) == ("vocabulary.csv", 3)
    assert "NUL" in problem.message
