"""The bundled dataset's report: every event and every excerpt, verbatim, in each text format."""

from __future__ import annotations

import io

import pytest
from docx import Document

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report
from timeline.report.model import clean

from .conftest import flat
from .htmlread import read
from .test_markdown import PARSER


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return load_dataset(bundled_data())


def text_of(dataset, fmt: str) -> str:  # type: ignore[no-untyped-def]
    data = build_report(dataset, ViewState(Filters()), fmt=fmt, chart=False)
    if fmt == "docx":
        doc = Document(io.BytesIO(data))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return flat(" ".join([p.text for p in doc.paragraphs] + cells))
    html = data.decode("utf-8") if fmt == "html" else PARSER.render(data.decode("utf-8"))
    return flat(" ".join(read(html).text))


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_every_event_and_excerpt_of_the_bundled_dataset(bundled, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = text_of(bundled, fmt)
    for title, label in zip(bundled.events["title"], bundled.events["date_label"], strict=True):
        assert flat(title) in text and label in text
    excerpts = bundled.excerpts
    for source, start, end in zip(
        excerpts["source_id"], excerpts["quote_start"], excerpts["quote_end"], strict=True
    ):
        assert flat(clean(bundled.articles[source].text[start:end])) in text
    for title in bundled.sources["title"]:
        assert flat(title) in text
    assert f"{len(bundled.events)} of {len(bundled.events)} events" in text
