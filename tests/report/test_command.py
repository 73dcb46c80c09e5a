"""``timeline report`` from the command line: each format written, clean errors, nothing
overwritten that should not be."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from timeline.report.command import report

from .conftest import EXPECTED, needs_chromium


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(report, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("ext", ["md", "html", "docx", "markdown"])
def test_each_text_format_is_written(report_data: Path, tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"chronology.{ext}"
    code, output = run("--data", str(report_data), "--no-chart", "-o", str(out))
    assert code == 0, output
    assert f"wrote {out} (3 events)" in output
    data = out.read_bytes()
    if ext == "docx":
        Document(io.BytesIO(data))
    else:
        assert "Rail link in service" in data.decode("utf-8")


def test_filters_and_title_are_applied(report_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "league.md"
    code, output = run(
        "--data", str(report_data), "--actor", "League", "--title", "The <League>",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# The \\<League>\n")  # only what Markdown would read
    assert "actors: League" in text and "1 of 3 events" in text
    assert "Rail link" not in text and "Friendship renewed" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "Leag"], "error: unknown actor 'Leag'; did you mean 'League'?"),
        (["--from", "2001-13"], "error: --from '2001-13': not an ISO 8601 date"),
        (["--q", "nowhere-at-all"], "error: no events match the filters"),
    ],
)
def test_bad_requests_fail_cleanly_and_write_nothing(
    report_data: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out.md"
    out.write_text("previous", encoding="utf-8")
    code, output = run("--data", str(report_data), *args, "-o", str(out))
    assert code == 1
    assert message in output
    assert "Traceback" not in output
    assert out.read_text(encoding="utf-8") == "previous"
    assert not list(tmp_path.glob(".*.part"))


def test_unknown_extension_is_refused(report_data: Path, tmp_path: Path) -> None:
    code, output = run("--data", str(report_data), "-o", str(tmp_path / "out.txt"))
    assert code == 1
    assert "error: cannot tell the report format of 'out.txt': use one of .html" in output


def test_the_dataset_is_never_overwritten(report_data: Path) -> None:
    before = (report_data / "events.csv").read_bytes()
    code, _ = run("--data", str(report_data), "--no-chart", "-o", str(report_data / "events.csv"))
    assert code == 1
    assert (report_data / "events.csv").read_bytes() == before
    target = report_data / "sources" / "a.md"
    code, output = run("--data", str(report_data), "--no-chart", "-o", str(target))
    assert code == 1
    assert f"error: {target} is part of the dataset; choose another output file" in output
    assert not target.exists()


def test_an_invalid_dataset_is_reported_not_a_traceback(tmp_path: Path) -> None:
    code, output = run("--data", str(tmp_path / "missing"), "-o", str(tmp_path / "x.md"))
    assert code == 1
    assert "Traceback" not in output


@needs_chromium
def test_pdf_from_the_command_line(report_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "chronology.pdf"
    code, output = run("--data", str(report_data), "--no-chart", "-o", str(out))
    assert code == 0, output
    assert out.read_bytes().startswith(b"%PDF")
    assert EXPECTED
