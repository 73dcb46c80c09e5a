"""The app's "Export PNG" control: the current view, at print size, rendered by the browser.

On a click the server builds the same figure the ``timeline export`` command would (filters
in the subtitle, cited articles in the footer) for the view the URL names, its zoom window
included (:func:`export_job`); the browser renders it with
``Plotly.downloadImage`` (``assets/timeline.js``). Nothing needs to be installed on the server,
and no server-side browser is started for it.

"Download report" (:func:`report_job`) is made on the server, Chromium included, so it goes
through :mod:`timeline.web.renders`: a few at a time, within a time limit, and not at all
for a visitor who has left.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from dash import dcc, html

from timeline.export import SIZE_PRESETS, ExportError, ImageSize, export_figure
from timeline.export.images import drawn_problem, drawn_size
from timeline.model.dataset import Dataset
from timeline.report.formats import REPORT_FORMATS
from timeline.web import ids, renders
from timeline.web.renders import RenderPool, RenderRefused
from timeline.web.urlstate import decode_for

DEFAULT_SIZE = "slide"
_SLUG = re.compile(r"[^a-z0-9]+")


def size_label(key: str, size: ImageSize) -> str:
    px_w, px_h = int(size.width * size.scale), int(size.height * size.scale)
    return f"{key.capitalize()}: {size.width}×{size.height} ({px_w}×{px_h} px)"


def export_controls() -> html.Div:
    """The size choice, the button and a live status line."""
    return html.Div(
        [
            html.Label("Export", htmlFor=ids.EXPORT_SIZE, className="toggle-label"),
            dcc.Dropdown(
                id=ids.EXPORT_SIZE,
                options=[{"label": size_label(k, s), "value": k} for k, s in SIZE_PRESETS.items()],
                value=DEFAULT_SIZE,
                clearable=False,
                searchable=False,
                className="export-size",
            ),
            html.Button("Export PNG", id=ids.EXPORT_BUTTON, n_clicks=0, className="button"),
            html.Div(id=ids.EXPORT_STATUS, className="export-status", role="status"),
            dcc.Store(id=ids.EXPORT_REQUEST),
            dcc.Store(id=ids.EXPORT_JOB),
        ],
        className="export-controls",
    )


def report_controls() -> html.Div:
    """Download the chronology of the current view: a format and a button."""
    return html.Div(
        [
            html.Label("Report", htmlFor=ids.REPORT_FORMAT, className="toggle-label"),
            dcc.Dropdown(
                id=ids.REPORT_FORMAT,
                options=[{"label": v, "value": k} for k, v in REPORT_FORMATS.items()],
                value="html",
                clearable=False,
                searchable=False,
                className="export-size report-format",
            ),
            html.Button("Download report", id=ids.REPORT_BUTTON, n_clicks=0, className="button"),
            html.Div(id=ids.REPORT_STATUS, className="export-status", role="status"),
            dcc.Download(id=ids.REPORT_DOWNLOAD),
        ],
        className="report-controls",
    )


def report_job(
    dataset: Dataset,
    search: str | None,
    fmt: Any,
    *,
    pool: RenderPool,
    gone: Callable[[], bool] = renders.never,
) -> tuple[dict[str, Any] | None, str]:
    """The report of the URL's view (filters and zoom window) as a download, and a status
    line; (None, why) when it cannot be made, or not now (every slot of ``pool`` taken:
    "Busy…"). ``gone`` tells whether the visitor has left."""
    from timeline.report import build_report

    fmt = fmt if isinstance(fmt, str) and fmt in REPORT_FORMATS else "html"  # any JSON value
    state, _ = decode_for(search, dataset)
    try:
        with pool.render(gone) as job:
            data = build_report(dataset, state, fmt=fmt, deadline=job)  # type: ignore[arg-type]
    except (ExportError, RenderRefused) as exc:
        return None, str(exc)
    name = filename_for(state.filters.describe(dataset)).replace("timeline", "report", 1)
    download = dcc.send_bytes(data, f"{name}.{fmt}")
    return download, f"Downloaded {name}.{fmt} ({len(data) / 1024:,.0f} KB)."


def filename_for(description: str) -> str:
    """'timeline-actors-china-themes-diplomacy' from a filter description (no extension)."""
    slug = _SLUG.sub("-", description.lower()).strip("-")[:80].strip("-")
    return "timeline" if slug in ("", "all-events") else f"timeline-{slug}"


def export_job(
    dataset: Dataset, search: str | None, request: dict | None, size_key: str | None
) -> dict[str, Any] | None:
    """The figure and image options for one export click (None if there is nothing to do)."""
    if not request or not isinstance(request, dict):
        return None
    state, _ = decode_for(search, dataset)
    size_key = size_key if isinstance(size_key, str) else DEFAULT_SIZE
    size = SIZE_PRESETS.get(size_key, SIZE_PRESETS[DEFAULT_SIZE])
    try:
        # the view the URL names (its zoom window), not the chart's drawn range: that range
        # has padding, and a caption must not claim days the user did not choose
        fig = export_figure(dataset, state, size=size)
    except ExportError as exc:
        return {"error": str(exc)}
    drawn = drawn_size(fig, size)  # as tall as the labels need
    if problem := drawn_problem(drawn):  # the visitor's browser would draw it, or give up
        return {"error": f"Not exported: {problem}."}
    height = drawn.height
    return {
        "figure": fig.to_plotly_json(),
        "width": size.width,
        "height": height,
        "scale": size.scale,
        "filename": filename_for(state.filters.describe(dataset)),
        "pixels": f"{int(size.width * size.scale)}×{int(height * size.scale)} px",
    }
