"""The Word report, opened with python-docx: real headings, quotations in the Quote style with
their citation, the editor's words outside them, and a table of sources."""

from __future__ import annotations

import io

import pytest
from docx import Document

from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report

from .conftest import (
    EVENTS,
    EXPECTED,
    SCRIPT,
    assert_in_order,
    expected_sequence,
    flat,
    needs_chromium,
)


def open_docx(data: bytes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def doc(dataset):  # type: ignore[no-untyped-def]
    return open_docx(build_report(dataset, ViewState(Filters()), fmt="docx", chart=False))


def styled(doc, style: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs if p.style.name == style]


def test_headings_are_word_headings(doc) -> None:  # type: ignore[no-untyped-def]
    assert styled(doc, "Title") == ["Timeline of events"]
    assert styled(doc, "Heading 1") == ["Chronology", "Sources"]
    assert styled(doc, "Heading 2") == [f"{date} — {title}" for date, title, _ in EXPECTED]
    assert SCRIPT in styled(doc, "Heading 2")[0]  # shown as text
    assert set(styled(doc, "Heading 3")) == {
        "Editor’s summary", "What the sources say", "How the date was established",
    }  # fmt: skip
    assert doc.core_properties.title == "Timeline of events"
    assert doc.core_properties.author == ""
    assert "python-docx" not in (doc.core_properties.comments or "")


def test_quotes_in_quote_style_with_citations_in_order(doc) -> None:  # type: ignore[no-untyped-def]
    quotes = [f"{q} [{n}]" for _, _, qs in EXPECTED for q, n in qs]
    assert styled(doc, "Quote") == quotes
    text = flat(" ".join(p.text for p in doc.paragraphs))
    assert_in_order(text, expected_sequence(cite=lambda q, n: flat(f"{q} [{n}]")))


def test_the_editors_summary_is_never_in_the_quote_style(doc) -> None:  # type: ignore[no-untyped-def]
    summaries = [event["summary"] for event in EVENTS]
    paragraphs = doc.paragraphs
    for i, p in enumerate(paragraphs):
        if p.text in summaries:
            assert p.style.name == "Normal"
            assert paragraphs[i - 1].text == "Editor’s summary"
    assert sum(p.text in summaries for p in paragraphs) == 3


def test_a_table_of_sources_in_citation_order(doc) -> None:  # type: ignore[no-untyped-def]
    (table,) = doc.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["No.", "Source", "Published", "Editor’s note"]
    assert [r[0] for r in rows[1:]] == ["[1]", "[2]"]
    assert rows[1][1].split("\n") == [
        "<i>Old</i> friends & allies",
        "Outlet: The <b>Daily</b>",
        "Author: Jo _Bloggs_",
        "URL: https://example.org/old-friends",
        "Accessed: 20 June 2024",
    ]
    assert rows[1][2] == "May 2001 (inferred: no dateline — see note)"
    assert rows[2][2] == "2001"
    assert rows[1][3] == "No dateline; <b>dated</b> from the summit it reports."


def test_a_filter_shows_exactly_its_events(dataset) -> None:  # type: ignore[no-untyped-def]
    doc = open_docx(
        build_report(dataset, ViewState(Filters(themes=("trade",))), fmt="docx", chart=False)
    )
    assert styled(doc, "Heading 2") == ["March 1990 – 2000 — Rail link in service"]
    # numbered afresh by first appearance: b is now the first source quoted
    assert styled(doc, "Quote") == [f"{EXPECTED[1][2][0][0]} [1]", f"{EXPECTED[1][2][1][0]} [2]"]


@needs_chromium
def test_the_chart_is_a_picture(dataset) -> None:  # type: ignore[no-untyped-def]
    doc = open_docx(build_report(dataset, ViewState(Filters()), fmt="docx"))
    (shape,) = doc.inline_shapes
    assert shape.width > 0
    images = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert images[0].target_part.blob.startswith(b"\x89PNG")
