"""Exports of the current view: PNG/SVG/PDF through Kaleido, standalone HTML, CSV, and
TimelineJS's JSON.

The app and the ``timeline export`` command build the same figure from the same filters, with
the filters written into the subtitle and the cited articles in a footer, so an exported chart
carries its own provenance. Files are written atomically: a failed export never leaves a
truncated file where a good one was.
"""

from __future__ import annotations

from pathlib import Path

from timeline.export.captions import (
    chart_title,
    cited_sources,
    export_figure,
    in_window,
    matching_events,
    sources_footer,
)
from timeline.export.files import (
    FORMATS,
    STATIC_FORMATS,
    ExportError,
    atomic_write,
    guard_dataset,
    output_format,
)
from timeline.export.images import SIZE_PRESETS, ImageSize, drawn_size, render_static
from timeline.export.tables import events_table, for_spreadsheets
from timeline.export.timelinejs import timelinejs_json
from timeline.model.dataset import Dataset
from timeline.query.view import ViewState

__all__ = [
    "FORMATS",
    "SIZE_PRESETS",
    "STATIC_FORMATS",
    "ExportError",
    "ImageSize",
    "atomic_write",
    "chart_title",
    "cited_sources",
    "events_table",
    "export",
    "export_figure",
    "guard_dataset",
    "matching_events",
    "output_format",
    "render_static",
    "sources_footer",
]


def export(
    dataset: Dataset,
    view: ViewState,
    out: Path,
    *,
    size: ImageSize | None = None,
    title: str | None = None,
    spreadsheet_safe: bool = False,
    fmt: str | None = None,
) -> int:
    """Write ``view`` (its filters, lanes, axis and window) to ``out`` in the format ``fmt``
    (one of :data:`FORMATS`), by default the one its extension names (``.json``: TimelineJS).

    ``spreadsheet_safe``: a CSV's cells that a spreadsheet would run as formulas are
    written after an apostrophe (see :func:`~timeline.export.tables.for_spreadsheets`).

    Returns the number of events exported. Raises :class:`ExportError` (nothing written) when
    the request cannot be met.
    """
    size = size or ImageSize()
    fmt = output_format(out, fmt)
    guard_dataset(dataset, out)
    if fmt in STATIC_FORMATS and (problems := size.problems()):
        raise ExportError("; ".join(problems))
    events = matching_events(dataset, view.filters)
    shown = in_window(events, view.window)
    if shown.empty:
        raise ExportError("no events of the selection fall in the window; nothing written")
    if fmt == "timelinejs":
        atomic_write(out, timelinejs_json(dataset, view, events, shown, title=title))
        return len(shown)
    if fmt == "csv":
        table = events_table(dataset, shown)
        table = for_spreadsheets(table)[0] if spreadsheet_safe else table
        atomic_write(out, table.to_csv(index=False).encode("utf-8"))
        return len(shown)
    fig = export_figure(
        dataset, view, events=events, title=title, size=None if fmt == "html" else size
    )
    if fmt == "html":
        # no "Share chart" button: it would send the figure to a cloud service
        config = {"displaylogo": False, "showSendToCloud": False}
        html = fig.to_html(include_plotlyjs=True, full_html=True, config=config)
        atomic_write(out, html.encode("utf-8"))
    else:
        atomic_write(out, render_static(fig, fmt, drawn_size(fig, size)))
    return len(shown)
