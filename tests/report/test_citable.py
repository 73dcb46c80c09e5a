"""A report an editor can cite: notes name sources by the report's [n], never by an internal
id; Markdown escapes only what would change the meaning; sources without an outlet or an
address are reported by the check."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARTICLE_A, ARTICLE_B, EVENTS, EXCERPTS, VOCABULARY
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report
from timeline.report.model import build_model, matching, note_text
from timeline.report.render_markdown import md, md_note

from .conftest import flat
from .htmlread import read
from .test_markdown import PARSER

MakeDataset = Callable[..., Path]

SOURCES = [  # s002 is listed first: an event's quotes follow this order
    {"id": "s002-rail", "title": "[A rail story]", "published": "2001", "file": "b.txt"},
    {"id": "s001-gazette", "title": "Old friends", "published": "2001-05", "file": "a.txt"},
    {"id": "s003-unused", "title": "An unread page", "published": "2001", "file": "b.txt"},
    {"id": "b", "title": "Plain-word id", "published": "2001", "file": "b.txt"},
]
IDS = {"a": "s001-gazette", "b": "s002-rail"}


def notes_dataset(make_dataset: MakeDataset, notes: dict[str, str]) -> Path:
    events = [{**e, "note": notes.get(e["id"], "")} for e in EVENTS]
    excerpts = [{**x, "source_id": IDS[x["source_id"]]} for x in EXCERPTS]
    return make_dataset(
        events=events,
        excerpts=excerpts,
        sources=SOURCES,
        vocabulary=VOCABULARY,
        articles={"a.txt": ARTICLE_A, "b.txt": ARTICLE_B},
    )


@pytest.fixture
def noted(make_dataset: MakeDataset):  # type: ignore[no-untyped-def]
    return load_dataset(
        notes_dataset(
            make_dataset,
            {
                "westphalia": "Year stated in s001 (‘met in 1648’); see also s002-rail. A b c.",
                "rail": "s003 gives no year; s002’s date agrees, as in s001-gazette.",
                "summit": "In 2001 (a b), per s004 and s001.Then more.",
            },
        )
    )


def report_of(dataset, filters: Filters | None = None):  # type: ignore[no-untyped-def]
    view = ViewState(filters or Filters())
    return build_model(dataset, view, matching(dataset, view))


def test_a_note_names_cited_sources_by_number_and_others_by_title(noted) -> None:  # type: ignore[no-untyped-def]
    report = report_of(noted)
    assert [(s.number, s.id) for s in report.sources] == [(1, "s001-gazette"), (2, "s002-rail")]
    westphalia, rail, summit = report.entries
    assert westphalia.note_parts == (
        "Year stated in ",
        1,
        " (‘met in 1648’); see also ",
        2,
        ". A b c.",
    )
    assert westphalia.note == "Year stated in [1] (‘met in 1648’); see also [2]. A b c."
    assert rail.note == "“An unread page” gives no year; [2]’s date agrees, as in [1]."
    # a plain word ("b") and an unknown id ("s004") stay as written; "s001.Then" is found
    assert summit.note == "In 2001 (a b), per s004 and [1].Then more."
    assert note_text(summit.note_parts) == summit.note


def test_the_number_is_the_reports_own_under_a_filter(noted) -> None:  # type: ignore[no-untyped-def]
    """Only the rail event: its quotes follow sources.csv, so s002-rail is quoted first and
    is [1] here, and s001-gazette, [1] of the whole report, is [2]."""
    report = report_of(noted, Filters(themes=("trade",)))
    assert [e.id for e in report.entries] == ["rail"]
    assert [(s.number, s.id) for s in report.sources] == [(1, "s002-rail"), (2, "s001-gazette")]
    assert report.entries[0].note == "“An unread page” gives no year; [1]’s date agrees, as in [2]."


def test_a_shortened_id_two_sources_share_is_left_alone(make_dataset: MakeDataset) -> None:
    sources = [{**s, "id": s["id"].replace("s002", "s001")} for s in SOURCES]
    ids = {"a": "s001-gazette", "b": "s001-rail"}
    excerpts = [{**x, "source_id": ids[x["source_id"]]} for x in EXCERPTS]
    events = [{**e, "note": "s001 or s001-rail?"} for e in EVENTS]
    data = load_dataset(
        make_dataset(events=events, excerpts=excerpts, sources=sources, vocabulary=VOCABULARY)
    )
    assert report_of(data).entries[0].note == "s001 or [2]?"


def test_every_format_links_or_writes_the_number(noted) -> None:  # type: ignore[no-untyped-def]
    view = ViewState(Filters())
    html = build_report(noted, view, fmt="html", chart=False).decode("utf-8")
    doc = read(html)
    cites = [a for tag, a in doc.elements if tag == "a" and a.get("class") == "cite"]
    assert {"href": "#source-1", "class": "cite"} in cites
    dating = doc.texts("section", "dating")
    assert dating[0] == (
        "How the date was established Stated in the sources. Year stated in [1] "
        "(‘met in 1648’); see also [2]. A b c."
    )
    markdown = build_report(noted, view, fmt="md", chart=False).decode("utf-8")
    text = flat(" ".join(read(PARSER.render(markdown)).text))
    assert "Year stated in [1] (‘met in 1648’); see also [2]. A b c." in text
    word = Document(io.BytesIO(build_report(noted, view, fmt="docx", chart=False)))
    assert any("Year stated in [1]" in p.text for p in word.paragraphs)


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_the_bundled_report_shows_no_internal_source_id(fmt: str) -> None:
    dataset = load_dataset(bundled_data())
    data = build_report(dataset, ViewState(Filters()), fmt=fmt, chart=False)
    if fmt == "docx":
        doc = Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        text = " ".join([p.text for p in doc.paragraphs] + cells)
    elif fmt == "html":
        text = "".join(read(data.decode("utf-8")).text)
    else:
        text = data.decode("utf-8").replace("\\[", "[")
    assert "Year stated in [" in text
    assert not re.search(r"\ba00[0-9]", text)


# --- Markdown escapes only what would change the meaning -----------------------------------

MARKDOWN_CHARS = st.sampled_from([*"#>-+*_`[]()<>&;!|~\\=.:/1 9aZ\"'", "&amp;", "<b>"])
TEXT = st.lists(
    MARKDOWN_CHARS | st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
    max_size=30,
).map("".join)


def shown(markdown: str) -> tuple[set[str], str]:
    """The tags a CommonMark parser makes of ``markdown``, and its text."""
    doc = read(PARSER.render(markdown))
    return {tag for tag, _ in doc.elements}, flat("".join(doc.text))


@given(TEXT)
def test_a_paragraph_or_a_quote_that_begins_with_any_text_reads_as_it(text: str) -> None:
    value = " ".join(text.split())
    tags, got = shown(md(text, line_start=True) + "\n")
    assert tags <= {"p"} and got == flat(value)
    tags, got = shown(f"> {md(text, line_start=True)} \\[3\\]\n")
    assert tags <= {"blockquote", "p"} and got == flat(f"{value} [3]")


@given(TEXT, TEXT)
def test_a_heading_and_a_citation_of_any_text_read_as_they_are(a: str, b: str) -> None:
    tags, got = shown(f"### {md(a)} — {md(b)}\n")
    assert tags == {"h3"} and got == flat(f"{' '.join(a.split())} — {' '.join(b.split())}")
    tags, got = shown(f"**\\[1\\]** {md(a)}. {md(b)}.\n")
    assert tags <= {"p", "strong"} and got == flat(
        f"[1] {' '.join(a.split())}. {' '.join(b.split())}."
    )


@given(st.lists(TEXT.map(lambda t: " ".join(t.split())) | st.integers(1, 99), max_size=6))
def test_a_note_with_numbers_reads_as_its_text(parts: list[str | int]) -> None:
    note = tuple(parts)
    tags, got = shown(f"**Note:** Stated. {md_note(note)}\n")
    assert tags <= {"p", "strong"} and got == flat(f"Note: Stated. {note_text(note)}")


@pytest.mark.parametrize(
    "sentence",
    [
        "Signed at Moscow on 6 July 1961 (UN Treaty Series No. 6045).",
        "Russia declined to renew it in the mid-1990s - it lapsed in 1996!",
        "The snake_case name, 3 < 4 and Jo & Co.: 1. not a list; > not a quote; a # b.",
        "Putin's visit: “very deep” relations (13–18 June 2024) | TASS + AFP = 2 = 1+1.",
    ],
)
def test_ordinary_sentences_are_written_as_they_are(sentence: str) -> None:
    assert md(sentence) == sentence
    assert md(sentence, line_start=True) == sentence


@pytest.mark.parametrize(
    ("text", "line_start", "written"),
    [
        ("# not a heading", True, "\\# not a heading"),
        ("1. not a list", True, "1\\. not a list"),
        ("- not a bullet", True, "\\- not a bullet"),
        ("---", True, "\\---"),
        ("> not a quote", True, "\\> not a quote"),
        ("a *star* and _under_ and `code` and [link](x)", False,
         "a \\*star\\* and \\_under\\_ and \\`code\\` and \\[link\\](x)"),
        ("<b>bold</b> &amp; C:\\ dir\\*", False, "\\<b>bold\\</b> \\&amp; C:\\ dir\\\\\\*"),
        ("ends with a hash #", False, "ends with a hash \\#"),
    ],
)  # fmt: skip
def test_what_markdown_would_read_is_escaped(text: str, line_start: bool, written: str) -> None:
    assert md(text, line_start=line_start) == written


def test_the_bundled_markdown_report_has_no_escaped_full_stop() -> None:
    dataset = load_dataset(bundled_data())
    text = build_report(dataset, ViewState(Filters()), fmt="md", chart=False).decode("utf-8")
    assert "\\." not in text and "\\-" not in text and "\\(" not in text
    assert "1961 to June 2024: Putin's visit" in text


# --- sources that cannot be cited --------------------------------------------------------


def test_check_warns_of_a_source_with_no_outlet_and_no_address(make_dataset: MakeDataset) -> None:
    sources = [
        {"id": "a", "title": "Old friends", "published": "2001-05", "file": "a.txt",
         "outlet": "", "url": ""},
        {"id": "b", "title": "[A rail story]", "published": "2001", "file": "b.txt",
         "outlet": "[outlet not named]", "url": ""},
    ]  # fmt: skip
    dataset = load_dataset(make_dataset(sources=sources))
    [warning] = [w for w in dataset.warnings if "cannot be cited" in w.message]
    assert (warning.file, warning.line, warning.column, warning.value, warning.severity) == (
        "sources.csv",
        2,
        "id",
        "a",
        "warning",
    )
    assert "neither outlet nor url" in warning.message
    with_url = [{**sources[0], "url": "https://example.org/a"}, sources[1]]
    dataset = load_dataset(make_dataset(sources=with_url))
    assert not [w for w in dataset.warnings if "cannot be cited" in w.message]


def test_the_minimal_format_without_citation_columns_is_not_warned(tiny_dataset: Path) -> None:
    assert not [w for w in load_dataset(tiny_dataset).warnings if "cannot" in w.message]


def test_the_bundled_sources_say_why_they_name_no_outlet() -> None:
    sources = load_dataset(bundled_data()).sources
    assert (sources["url"] == "").all()  # none of the articles gives its address
    assert (sources["outlet"] == "[outlet not named]").all()
    assert sources["note"].str.contains("names neither").all()
