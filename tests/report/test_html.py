"""The HTML report, read with an HTML parser: complete, offline, escaped, in order, cited."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report

from .conftest import (
    EXPECTED,
    IMG,
    SCRIPT,
    SOURCE_TITLES,
    assert_in_order,
    expected_sequence,
    flat,
    needs_chromium,
    plain_cite,
)
from .htmlread import read

ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "header", "p", "h1", "h2", "h3", "h4",
    "dl", "dt", "dd", "aside", "section", "article", "span", "blockquote", "footer", "a", "ol",
    "li", "cite", "figure", "img", "figcaption", "div",
}  # fmt: skip


@pytest.fixture(scope="module")
def html(dataset) -> str:
    return build_report(dataset, ViewState(Filters()), fmt="html", chart=False).decode("utf-8")


def test_a_complete_document_with_a_strict_policy(html: str) -> None:
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    doc = read(html)
    metas = [attrs for tag, attrs in doc.elements if tag == "meta"]
    assert {"charset": "utf-8"} in metas
    csp = [m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; img-src data:; style-src 'unsafe-inline'"]
    assert "@page" in html and "A4" in html


def test_markup_in_the_data_is_text_never_elements(html: str) -> None:
    doc = read(html)
    tags = {tag for tag, _ in doc.elements}
    assert tags <= ALLOWED, tags - ALLOWED
    for tag, attrs in doc.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "a":
            href = attrs["href"] or ""
            assert href.startswith(("#source-", "https://")), href
        if tag in ("img", "script", "link", "iframe"):
            assert (attrs.get("src") or "").startswith("data:"), attrs
    text = "".join(doc.text)
    assert SCRIPT in text and IMG in text  # shown, as the data has them
    assert "https://example.org/rail?<b>x</b>" in text  # markup in a URL stays text


def test_every_event_title_date_and_quote_in_order_with_its_citation(html: str) -> None:
    doc = read(html)
    assert doc.texts("span", "date") == [date for date, _, _ in EXPECTED]
    assert doc.texts("span", "title") == [title for _, title, _ in EXPECTED]
    quotes = [(q, n) for _, _, qs in EXPECTED for q, n in qs]
    got = doc.texts("blockquote")
    assert got == [flat(f"{q} [{n}] {SOURCE_TITLES[n]}") for q, n in quotes]
    assert_in_order(flat("".join(doc.text)), expected_sequence(cite=plain_cite))


def test_quotes_are_blockquotes_and_the_editors_words_never_are(html: str) -> None:
    doc = read(html)
    summaries = doc.texts("section", "editor")
    assert (
        summaries[0]
        == "Editor’s summary # The two states sign a treaty. 1. Not a list <em>editor</em>"
    )
    for name, _, text, ancestors in doc.closed:
        if name == "blockquote":
            assert "Editor’s summary" not in text
        if name == "p" and "section" in ancestors and "Not a list" in text:
            assert "blockquote" not in ancestors
    dating = doc.texts("section", "dating")
    assert dating[0].startswith("How the date was established Stated in the sources.")
    assert dating[2].startswith("How the date was established From public record")


def test_sources_listed_by_number_with_inferred_date_flagged(html: str) -> None:
    doc = read(html)
    items = [attrs["id"] for tag, attrs in doc.elements if tag == "li"]
    assert items == ["source-1", "source-2"]
    first, second = doc.texts("li")
    assert first.startswith("[1] <i>Old</i> friends & allies. The <b>Daily</b>. By Jo _Bloggs_.")
    assert "Published May 2001 (inferred: no dateline — see note)." in first
    assert "https://example.org/old-friends. Accessed 20 June 2024." in first
    assert "Editor’s note: No dateline; <b>dated</b> from the summit it reports." in first
    assert second.startswith("[2] [A rail story]. Rail *Weekly*. Published 2001.")
    assert "inferred" not in second


def test_a_filter_shows_exactly_its_events(dataset) -> None:
    html = build_report(dataset, ViewState(Filters(actors=("League",))), fmt="html", chart=False)
    doc = read(html.decode("utf-8"))
    assert doc.texts("span", "title") == [EXPECTED[2][1]]
    assert "1 of 3 events" in doc.texts("dd")
    assert [a["id"] for t, a in doc.elements if t == "li"] == ["source-1", "source-2"]
    assert doc.texts("blockquote")[0].startswith(flat(EXPECTED[2][2][0][0]) + " [1]")


@needs_chromium
def test_the_chart_is_an_embedded_png(dataset, tmp_path: Path) -> None:
    html = build_report(dataset, ViewState(Filters()), fmt="html").decode("utf-8")
    images = [attrs for tag, attrs in read(html).elements if tag == "img"]
    assert len(images) == 1
    assert images[0]["src"].startswith("data:image/png;base64,iVBORw0KGgo")
    (tmp_path / "with-chart.html").write_text(html, encoding="utf-8")


def test_an_unknown_format_is_refused(dataset) -> None:  # type: ignore[no-untyped-def]
    from timeline.export import ExportError

    with pytest.raises(ExportError, match="unknown report format 'txt'"):
        build_report(dataset, ViewState(Filters()), fmt="txt", chart=False)  # type: ignore[arg-type]


def test_the_app_zoom_window_narrows_the_report(dataset) -> None:  # type: ignore[no-untyped-def]
    window = ("1989-06-01 00:00:00.000", "1995-01-01 12:00:00.000")
    html = build_report(dataset, ViewState(Filters(), window=window), fmt="html", chart=False)
    doc = read(html.decode("utf-8"))
    assert doc.texts("span", "title") == ["Rail link in service"]
    # the zoom ends at noon on 1 January 1995: that day is partly in view, and its events too
    assert "1 June 1989 – 1 January 1995 (chart window)" in doc.texts("dd")


def test_a_chart_in_parts_shows_the_rows_of_each(dataset) -> None:  # type: ignore[no-untyped-def]
    from timeline.report.model import Chart, build_model, matching
    from timeline.report.render_html import render_html

    chart = Chart(b"\x89PNG\r\n\x1a\n", 700, 2000, (((0, 900),), ((0, 140), (900, 2000))))
    events = matching(dataset, ViewState())
    doc = read(render_html(build_model(dataset, ViewState(), events, chart=chart)))
    views = [
        attrs for tag, attrs in doc.elements if tag == "div" and "chart-rows" in attrs["class"]
    ]
    assert [v["style"] for v in views] == [
        "aspect-ratio: 700 / 900", "aspect-ratio: 700 / 140", "aspect-ratio: 700 / 1100",
    ]  # fmt: skip
    assert [v["class"] for v in views] == ["chart-rows", "chart-rows repeat", "chart-rows"]
    images = [attrs for tag, attrs in doc.elements if tag == "img"]
    # each image moved up by its first row, as a share of the width (CSS margin percentages)
    assert [i.get("style") for i in images] == [None, None, "margin-top: -128.5714%"]
    assert [i["alt"] for i in images] == [
        "Timeline chart of the events in this report (3 of 3 events), part 1 of 2", "",
        "Timeline chart of the events in this report (3 of 3 events), part 2 of 2",
    ]  # fmt: skip
    assert doc.texts("figcaption")


def test_the_template_escapes_what_it_is_given_and_names_nothing_it_lacks() -> None:
    """Escaping is the template engine's: a value holding markup comes out as text; a name
    the template uses but is not given fails loudly rather than printing nothing."""
    import jinja2

    from timeline.report.render_html import _environment

    env = _environment()
    assert env.autoescape is True or env.autoescape("report.html")
    page = env.from_string("<p>{{ x }}</p>").render(x="<script>alert(1)</script>")
    assert page == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("report.html").render()
