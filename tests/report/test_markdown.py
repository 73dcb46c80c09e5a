"""The Markdown report, rendered by a CommonMark parser: data stays text, nothing becomes
structure, and every date, title, quote and citation is there."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report
from timeline.report.model import clean
from timeline.report.render_markdown import md

from .conftest import EXPECTED, assert_in_order, expected_sequence, flat, plain_cite
from .htmlread import read

# CommonMark, with GitHub's tables and strikethrough on as well (html stays enabled)
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
OURS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "em", "blockquote"}


@pytest.fixture(scope="module")
def markdown(dataset) -> str:
    return build_report(dataset, ViewState(Filters()), fmt="md").decode("utf-8")


def test_only_the_reports_own_structure_is_rendered(markdown: str) -> None:
    doc = read(PARSER.render(markdown))
    assert {tag for tag, _ in doc.elements} <= OURS
    assert doc.texts("h1") == ["Timeline of events"]
    assert doc.texts("h2") == ["Chronology", "Sources"]
    assert doc.texts("h3") == [f"{date} — {title}" for date, title, _ in EXPECTED]
    quotes = [flat(f"{q} [{n}]") for _, _, qs in EXPECTED for q, n in qs]
    assert doc.texts("blockquote") == quotes


def test_every_date_title_quote_and_citation_in_order(markdown: str) -> None:
    text = flat(" ".join(read(PARSER.render(markdown)).text))
    assert_in_order(text, expected_sequence(cite=plain_cite))
    assert_in_order(
        text,
        [
            "Editor’s summary: # The two states sign a treaty. 1. Not a list <em>editor</em>",
            "How the date was established: Stated in the sources. Year stated",
            "[1] <i>Old</i> friends & allies. The <b>Daily</b>. By Jo _Bloggs_. Published May "
            "2001 (inferred: no dateline — see note). https://example.org/old-friends. "
            "Accessed 20 June 2024.",
            "[2] [A rail story]. Rail *Weekly*. Published 2001. https://example.org/rail?<b>x</b>.",
        ],
    )


def test_a_filter_shows_exactly_its_events(dataset) -> None:
    text = build_report(dataset, ViewState(Filters(sources=("b",))), fmt="md").decode("utf-8")
    titles = read(PARSER.render(text)).texts("h3")
    assert titles == [f"{date} — {title}" for date, title, _ in EXPECTED[1:]]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_any_text_renders_as_itself(text: str) -> None:
    shown = clean(text)  # as the model hands every value to the renderers
    html = PARSER.render(f"Label: {md(shown)}\n")
    doc = read(html)
    assert {tag for tag, _ in doc.elements} <= {"p"}
    assert flat("".join(doc.text)) == flat(f"Label: {shown}")
