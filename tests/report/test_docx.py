"""The Word report, opened with python-docx: real headings, quotations in the Quote style with
their citation, the editor's words outside them, and a table of sources."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report
from timeline.report.model import Report, build_model, matching
from timeline.report.render_docx import render_docx

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


def children_searched(report: Report, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many child elements python-docx's element searches look through while ``report``
    is written: the work that grows with the document when each new paragraph searches it."""
    seen = 0

    def counting(name: str):  # type: ignore[no-untyped-def]
        original = getattr(BaseOxmlElement, name)

        def search(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal seen
            seen += len(self)
            return original(self, *args, **kwargs)

        return search

    with monkeypatch.context() as patch:
        for name in ("find", "findall", "xpath", "iterchildren"):
            patch.setattr(BaseOxmlElement, name, counting(name))
        render_docx(report)
    return seen


@pytest.fixture(scope="module")
def report(dataset) -> Report:  # type: ignore[no-untyped-def]
    view = ViewState(Filters())
    return build_model(dataset, view, matching(dataset, view))


def test_the_word_build_does_linear_work(report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four times the events, about four times the searching: a search of the whole body for
    each new paragraph made it sixteen times (10,000 events took over ten minutes)."""
    small = children_searched(replace(report, entries=report.entries * 50), monkeypatch)
    large = children_searched(replace(report, entries=report.entries * 200), monkeypatch)
    assert large < 6 * small, f"{large / small:.1f}x the searching for 4x the events"


def test_a_long_report_keeps_every_event_in_order(report: Report) -> None:
    """300 events: each heading once and in order, the page set-up still closing the body."""
    entries = tuple(
        replace(entry, title=f"{entry.title} #{k}") for k in range(100) for entry in report.entries
    )
    doc = open_docx(render_docx(replace(report, entries=entries)))
    assert styled(doc, "Heading 2") == [f"{e.date} — {e.title}" for e in entries]
    assert len(styled(doc, "Quote")) == 100 * sum(len(e.quotes) for e in report.entries)
    assert doc.element.body[-1].tag == qn("w:sectPr")
    assert round(doc.sections[0].page_width.mm) == 210


def test_citations_jump_to_their_source_and_urls_are_links(dataset) -> None:  # type: ignore[no-untyped-def]
    """Each [n] (after a quote, or in a note) is an internal link to the bookmark on source
    n's row; a source's web address is an external link to it."""
    doc = open_docx(build_report(dataset, ViewState(Filters()), fmt="docx", chart=False))
    body = doc.element.body
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))}
    marks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    table = doc.tables[-1]
    numbers = [row.cells[0].text for row in table.rows[1:]]
    assert numbers and anchors == {f"source-{n.strip('[]')}" for n in numbers}
    assert anchors <= marks
    for link in body.iter(qn("w:hyperlink")):  # every link shows "[n]" or a URL
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        assert text.startswith(("[", "http"))
    urls = {r.target_ref for r in doc.part.rels.values() if r.is_external}
    listed = {row.cells[1].text for row in table.rows[1:]}
    assert urls  # the test dataset has web addresses
    for url in urls:
        assert url.startswith(("http://", "https://")) and any(url in t for t in listed)
