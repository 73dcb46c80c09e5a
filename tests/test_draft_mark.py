"""A draft says it is a draft: ``status: "draft"`` in ``metadata.json`` puts a DRAFT mark on
every page, chart and report made from it, and credits its titles, summaries and notes to
`timeline draft` instead of to an editor; a dataset without it says nothing of the kind."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import plotly
import pytest
from click.testing import CliRunner
from conftest import SOURCES
from docx import Document

from timeline.cli import main
from timeline.export import export_figure
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.metadata import DRAFTED, EDITED, METADATA_FILE, read_metadata
from timeline.model.problems import DatasetError
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build_report
from timeline.web.app import create_app
from timeline.web.components.details import event_details

NOTICE = "DRAFT — machine-made by timeline draft, not yet reviewed"
MACHINE = "machine-made by timeline draft and not yet reviewed"
EDITOR = "written by the dataset’s editor"
NOTED = [{**SOURCES[0], "note": "Dated from the summit it reports."}, SOURCES[1]]


def _folder(make_dataset: Callable[..., Path], metadata: dict | None) -> Path:
    folder = make_dataset(sources=NOTED)
    if metadata is not None:
        (folder / METADATA_FILE).write_text(json.dumps(metadata), encoding="utf-8")
    return folder


@pytest.fixture
def draft(make_dataset: Callable[..., Path]) -> Dataset:
    return load_dataset(_folder(make_dataset, {"title": "Rail and treaties", "status": "draft"}))


@pytest.fixture
def finished(make_dataset: Callable[..., Path]) -> Dataset:
    return load_dataset(_folder(make_dataset, {"title": "Rail and treaties"}))


# --- metadata.json ----------------------------------------------------------------------------


def test_status_draft_is_a_draft_and_no_status_is_not(tmp_path: Path) -> None:
    (tmp_path / METADATA_FILE).write_text('{"status": "draft"}', encoding="utf-8")
    metadata, problems = read_metadata(tmp_path)
    assert problems == []
    assert metadata.status == "draft" and metadata.is_draft and metadata.voice is DRAFTED
    (tmp_path / METADATA_FILE).write_text('{"title": "T"}', encoding="utf-8")
    metadata, problems = read_metadata(tmp_path)
    assert problems == [] and metadata.status is None and not metadata.is_draft
    assert metadata.voice is EDITED


@pytest.mark.parametrize("value", ["final", "Draft", "published"])
def test_an_unknown_status_is_a_located_error(
    make_dataset: Callable[..., Path], value: str
) -> None:
    folder = _folder(make_dataset, {"status": value})
    with pytest.raises(DatasetError) as raised:
        load_dataset(folder)
    (problem,) = raised.value.problems
    assert (problem.file, problem.column, problem.value) == (METADATA_FILE, "status", value)
    assert str(problem) == (
        f"metadata.json: column 'status': value '{value}': unknown status; expected 'draft', "
        "or no status for a dataset that is not a draft"
    )
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1 and "column 'status'" in result.output


def test_a_status_that_is_not_text_is_an_error(tmp_path: Path) -> None:
    (tmp_path / METADATA_FILE).write_text('{"status": true}', encoding="utf-8")
    metadata, (problem,) = read_metadata(tmp_path)
    assert (problem.column, problem.value, problem.message) == ("status", "True", "expected text")
    assert not metadata.is_draft


# --- the app ----------------------------------------------------------------------------------


def _layout(dataset: Dataset) -> str:
    client = create_app(dataset, watch=False).server.test_client()
    return client.get("/_dash-layout").get_data(as_text=True)


def test_the_page_of_a_draft_says_so_under_its_title(draft: Dataset, finished: Dataset) -> None:
    page = _layout(draft)
    assert NOTICE in page and "draft-mark" in page
    assert page.index("Rail and treaties") < page.index(NOTICE)  # beside the title, after it
    page = _layout(finished)
    assert "DRAFT" not in page and "draft-mark" not in page


def test_the_provenance_panel_credits_a_drafts_words_to_the_machine(
    draft: Dataset, finished: Dataset
) -> None:
    def panel(dataset: Dataset) -> str:
        children = event_details(dataset, "rail")
        return json.dumps(children, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)

    assert "Machine-made by timeline draft and not yet reviewed: not a quotation" in panel(draft)
    assert "dataset’s editor" not in panel(draft)
    assert "Written by the dataset’s editor: not a quotation" in panel(finished)
    assert "machine-made" not in panel(finished).lower()


# --- charts -----------------------------------------------------------------------------------


def test_an_exported_charts_title_is_marked(draft: Dataset, finished: Dataset) -> None:
    """The figure both `timeline export` and the app's Export PNG draw."""
    view = ViewState(Filters())
    assert export_figure(draft, view).layout.title.text.startswith("[DRAFT] Rail and treaties")
    assert "DRAFT" not in export_figure(finished, view).layout.title.text


def test_a_timelinejs_export_of_a_draft_is_marked(
    draft: Dataset, finished: Dataset, tmp_path: Path
) -> None:
    for dataset, marked in ((draft, True), (finished, False)):
        out = tmp_path / f"{marked}.json"
        result = CliRunner().invoke(main, ["export", "--data", str(dataset.root), "-o", str(out)])
        assert result.exit_code == 0, result.output
        headline = json.loads(out.read_text(encoding="utf-8"))["title"]["text"]["headline"]
        assert headline.startswith("[DRAFT] ") is marked


@pytest.mark.chromium
def test_an_exported_svg_of_a_draft_carries_draft(
    draft: Dataset, finished: Dataset, tmp_path: Path
) -> None:
    for dataset, marked in ((draft, True), (finished, False)):
        out = tmp_path / f"{marked}.svg"
        args = ["export", "--data", str(dataset.root), "-o", str(out), "--width", "900"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        svg = out.read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "Rail and treaties" in svg
        assert ("[DRAFT]" in svg) is marked and ("DRAFT" in svg) is marked


# --- reports ----------------------------------------------------------------------------------


def _report(dataset: Dataset, fmt: str) -> str:
    data = build_report(dataset, ViewState(Filters()), fmt=fmt, chart=False)  # type: ignore[arg-type]
    if fmt != "docx":
        return data.decode("utf-8")
    return "\n".join(
        [p.text for p in Document(io.BytesIO(data)).paragraphs]
        + [c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells]
    )


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_a_drafts_report_is_marked_and_credits_the_machine(draft: Dataset, fmt: str) -> None:
    text = _report(draft, fmt)
    assert NOTICE in text
    first_event = text.index("Treaty of Westphalia")
    assert text.index("Rail and treaties") < text.index(NOTICE) < first_event
    assert f"were {MACHINE}: they are not quotations" in text
    assert "Draft summary" in text and "Draft note" in text
    assert "editor’s" not in text.lower() and "dataset’s editor" not in text


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_a_finished_datasets_report_is_not(finished: Dataset, fmt: str) -> None:
    text = _report(finished, fmt)
    assert "DRAFT" not in text and "machine-made" not in text
    assert f"were {EDITOR}: they are not quotations" in text
    assert "Editor’s summary" in text and "Editor’s note" in text


def test_the_html_report_of_a_draft_is_marked_in_its_title_too(draft: Dataset) -> None:
    page = _report(draft, "html")
    assert "<title>[DRAFT] Rail and treaties</title>" in page
    assert f'<p class="draft-mark">{NOTICE}</p>' in page
