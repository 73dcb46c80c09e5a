"""Building a report in any format: the pure ``build_report`` (bytes) and ``write_report``."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from timeline.report.chromium_pdf import chart_png, print_pdf
from timeline.report.model import build_model, matching
from timeline.report.render_docx import render_docx
from timeline.report.render_html import render_html
from timeline.report.render_markdown import render_markdown
from timeline.report.upstream import Dataset, ExportError, Filters, atomic_write, guard_dataset

REPORT_FORMATS = ("html", "docx", "md", "pdf")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}
Format = Literal["html", "docx", "md", "pdf"]


def report_format(path: Path) -> Format:
    """The format named by the output file's extension (.markdown is Markdown too)."""
    fmt = path.suffix.lower().lstrip(".")
    fmt = "md" if fmt == "markdown" else fmt
    if fmt not in REPORT_FORMATS:
        raise ExportError(
            f"cannot tell the report format of {path.name!r}: use one of "
            + ", ".join(f".{f}" for f in REPORT_FORMATS)
        )
    return fmt  # type: ignore[return-value]


def build_report(
    dataset: Dataset,
    filters: Filters,
    *,
    fmt: Format,
    group_by: Literal["actor", "theme"] = "actor",
    axis: Literal["compressed", "linear"] = "compressed",
    x_range: tuple[str, str] | None = None,
    title: str | None = None,
    chart: bool = True,
) -> bytes:
    """The report of the events matching ``filters`` (and overlapping ``x_range``, the chart
    window, when given) as the bytes of a ``fmt`` file.

    Raises :class:`ExportError` with a one-sentence reason when it cannot be made: no
    matching events, an unknown format, no Chromium for the chart or the PDF.
    """
    return _build(
        dataset,
        filters,
        fmt,
        group_by=group_by,
        axis=axis,
        x_range=x_range,
        title=title,
        chart=chart,
    )[0]


def _build(
    dataset: Dataset,
    filters: Filters,
    fmt: Format,
    *,
    group_by: Literal["actor", "theme"],
    axis: Literal["compressed", "linear"],
    x_range: tuple[str, str] | None,
    title: str | None,
    chart: bool,
) -> tuple[bytes, int]:
    """The report's bytes and how many events it holds."""
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"unknown report format {fmt!r}: use one of {', '.join(REPORT_FORMATS)}")
    events = matching(dataset, filters, x_range)
    png = None
    if chart and fmt != "md":
        png = chart_png(dataset, filters, events, group_by=group_by, axis=axis, x_range=x_range)
    report = build_model(dataset, filters, events, x_range=x_range, title=title, chart_png=png)
    if fmt == "md":
        data = render_markdown(report).encode("utf-8")
    elif fmt == "docx":
        data = render_docx(report)
    elif fmt == "pdf":
        data = print_pdf(render_html(report))
    else:
        data = render_html(report).encode("utf-8")
    return data, len(events)


def write_report(
    dataset: Dataset,
    filters: Filters,
    out: Path,
    *,
    group_by: Literal["actor", "theme"] = "actor",
    axis: Literal["compressed", "linear"] = "compressed",
    x_range: tuple[str, str] | None = None,
    title: str | None = None,
    chart: bool = True,
) -> int:
    """Write the report to ``out`` (format from its extension), atomically, never over the
    dataset's own files. Returns the number of events in the report."""
    fmt = report_format(out)
    guard_dataset(dataset, out)
    data, count = _build(
        dataset,
        filters,
        fmt,
        group_by=group_by,
        axis=axis,
        x_range=x_range,
        title=title,
        chart=chart,
    )
    atomic_write(out, data)
    return count
