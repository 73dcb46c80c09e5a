"""Building a report in any format: the pure ``build_report`` (bytes) and ``write_report``."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from timeline.report.chromium_pdf import print_pdf, render_chart
from timeline.report.formats import REPORT_FORMATS, Format
from timeline.report.model import build_model, matching
from timeline.report.paper import PDF_PAGE, WORD_PAGE
from timeline.report.render_docx import render_docx
from timeline.report.render_html import render_html
from timeline.report.render_markdown import render_markdown
from timeline.report.upstream import Dataset, ExportError, ViewState, atomic_write, guard_dataset


class Deadline(Protocol):
    """A report made against a limit (the app's render pool): checked between its stages,
    and what is left of it given to the PDF print."""

    def check(self) -> None: ...  # raises to stop the report

    def remaining(self) -> float: ...


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
    view: ViewState,
    *,
    fmt: Format,
    title: str | None = None,
    chart: bool = True,
    deadline: Deadline | None = None,
) -> bytes:
    """The report of ``view``'s events (its filters, then its window, when it has one) as
    the bytes of a ``fmt`` file; its chart is drawn as the view says (lanes, axis, window).

    Raises :class:`ExportError` with a one-sentence reason when it cannot be made: no
    matching events, an unknown format, no Chromium for the chart or the PDF. With a
    ``deadline``, a PDF is printed only if it passes its check once the page is made, and
    within the time left.
    """
    return _build(dataset, view, fmt, title=title, chart=chart, deadline=deadline)[0]


def _build(
    dataset: Dataset,
    view: ViewState,
    fmt: Format,
    *,
    title: str | None,
    chart: bool,
    deadline: Deadline | None = None,
) -> tuple[bytes, int]:
    """The report's bytes and how many events it holds."""
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"unknown report format {fmt!r}: use one of {', '.join(REPORT_FORMATS)}")
    events = matching(dataset, view)
    drawn = None
    if chart and fmt != "md":
        page = WORD_PAGE if fmt == "docx" else PDF_PAGE  # HTML: as it prints
        drawn = render_chart(dataset, view, events, page=page)
    report = build_model(dataset, view, events, title=title, chart=drawn)
    if fmt == "md":
        data = render_markdown(report).encode("utf-8")
    elif fmt == "docx":
        data = render_docx(report)
    elif fmt == "pdf":
        page = render_html(report, printed=True)
        if deadline is None:
            data = print_pdf(page)
        else:
            deadline.check()
            data = print_pdf(page, timeout=max(1, int(deadline.remaining())))
    else:
        data = render_html(report).encode("utf-8")
    return data, len(events)


def write_report(
    dataset: Dataset,
    view: ViewState,
    out: Path,
    *,
    title: str | None = None,
    chart: bool = True,
) -> int:
    """Write the report to ``out`` (format from its extension), atomically, never over the
    dataset's own files. Returns the number of events in the report."""
    fmt = report_format(out)
    guard_dataset(dataset, out)
    data, count = _build(dataset, view, fmt, title=title, chart=chart)
    atomic_write(out, data)
    return count
