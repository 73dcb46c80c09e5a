"""Thin callbacks: decode inputs, call the pure filter, figure and component code, return.

The URL is the single source of truth. One ``sync`` callback keeps the URL and the controls
in step (both directions live in one callback, the only loop Dash allows); ``render_view``
and ``render_details`` draw whatever the URL says. Each callback body is a plain function
of its inputs, so tests call them without a browser. Browser-side code is in
``assets/timeline.js``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update

from timeline.chart.figure import EMPTY_STRETCH, empty_figure, timeline_parts
from timeline.chart.options import ChartLimits
from timeline.chart.payload import figure_payload
from timeline.model.dataset import Dataset
from timeline.query.facets import FACETS, Facet
from timeline.query.fields import Field
from timeline.query.view import (
    ViewState,
    window_label,
)
from timeline.web import ids
from timeline.web.clicks import event_from_click, to_whole_rows
from timeline.web.components.details import event_details, placeholder
from timeline.web.components.event_list import MAX_LISTED, Listing, empty_list, event_list
from timeline.web.components.page import plot_width
from timeline.web.controls import (
    CONTROL_IDS,
    MAX_OPTIONS,
    Controls,
    changed,
    controls_for,
    decode_controls,
    offered,
    state_from_controls,
)
from timeline.web.failures import SERVED_FAILURES, failure_text
from timeline.web.first_view import already_drawn
from timeline.web.presets import LastEnd, preset_shown, zoom_window
from timeline.web.renders import RenderPool, visitor_gone
from timeline.web.urlstate import decode, decode_for, encode

if TYPE_CHECKING:
    from timeline.web.views import Views

__all__ = [
    "MAX_LISTED",
    "Controls",
    "event_from_click",
    "event_list",
    "register_callbacks",
    "render_view",
    "sync",
]

EMPTY_MESSAGE = "No events match these filters. Remove one, or use “Reset all”."
OUT_OF_VIEW = "No event of this selection falls in the zoomed stretch: zoom out (Show: All)."


def clientside(name: str) -> ClientsideFunction:
    """A function of ``assets/timeline.js``."""
    return ClientsideFunction(namespace="timeline", function_name=name)


@dataclass(frozen=True)
class SyncResult:
    search: Any
    controls: tuple
    notices: Any


def sync(
    dataset: Dataset,
    trigger: str | dict | None,
    trigger_value: Any,
    search: str | None,
    controls: Controls,
    *,
    last_end: LastEnd | None = None,
) -> SyncResult:
    """Keep URL and controls in step. ``trigger`` is the id of what changed (None: page load).
    ``last_end``: where the events the filters keep end, when ``dataset`` does not hold
    them all (a slice of a pack): zoom presets end there."""
    unchanged = (no_update,) * len(CONTROL_IDS)
    current, _ = decode(search)
    if trigger is None or trigger == ids.URL:
        state, notices = decode_for(search, dataset)
        canonical = encode(state)
        return SyncResult(
            canonical if canonical != (search or "") else no_update,
            changed(controls, controls_for(state)),
            _notice_items(notices),
        )
    if trigger == ids.RESET:
        return SyncResult("", controls_for(ViewState()).as_tuple(), [])
    if trigger in (ids.GRAPH, ids.DETAILS_CLOSE):
        selected = select_event(
            trigger, trigger_value, search, clicked=lambda click: event_from_click(dataset, click)
        )
        return SyncResult(selected, unchanged, [])
    if trigger in (ids.ZOOM, ids.PRESETS):
        state, _ = decode_for(search, dataset)
        window = zoom_window(dataset, state, trigger, trigger_value, last_end=last_end)
        if window is no_update:
            return SyncResult(no_update, unchanged, no_update)
        new = encode(replace(state, window=window))  # type: ignore[arg-type]
        return SyncResult(new if new != (search or "") else no_update, unchanged, no_update)
    state, notices = state_from_controls(controls, current.event)
    new = encode(state)
    search_out = new if new != (search or "") else no_update
    return SyncResult(search_out, unchanged, _notice_items(notices))


def select_event(
    trigger: str | dict | None,
    value: Any,
    search: str | None,
    *,
    clicked: Callable[[Any], str | None],
) -> Any:
    """The URL after a click on the chart or the details' close button (list rows are links);
    ``clicked`` gives the event a chart click was on (read only for a click)."""
    current, _ = decode(search)
    if trigger == ids.GRAPH:
        event = clicked(value)
        return no_update if event is None else encode(replace(current, event=event))
    if trigger == ids.DETAILS_CLOSE and value:
        return encode(replace(current, event=None))
    return no_update


def _notice_items(notices: list[str]) -> list[html.Li]:
    return [html.Li(text, className="notice") for text in notices]


def render_view(
    dataset: Dataset,
    search: str | None,
    viewport: Any = None,
    *,
    limits: ChartLimits | None = None,
    payload: bool = False,
    counts: tuple[int, int] | None = None,
) -> tuple[Any, str, Listing]:
    """Figure, what is shown ("N of M events", and how many of them in the zoom window) and
    the list of the events in view, for what the URL says. With ``payload`` the figure is
    the JSON-ready dict the browser receives (the callback's fast path), else a
    ``go.Figure`` of the same data. ``counts``: how many events the filters keep and how
    many of those are in view, when ``dataset`` is a slice holding only those in view."""
    limits = limits or ChartLimits()
    state, _ = decode_for(search, dataset)
    mask = state.matching(dataset)
    seen = state.in_view(dataset, mask)
    n, in_window = (int(mask.sum()), int(seen.sum())) if counts is None else counts
    count = count_line(n, dataset.total, in_window, state.window)
    if n == 0:
        empty = empty_figure(EMPTY_MESSAGE)
        return (empty.to_dict() if payload else empty), count, empty_list(EMPTY_MESSAGE)
    # Many matches are drawn as density, which reads only row positions: copying any column
    # of every match would cost more than the whole figure. The list takes its own rows.
    if n <= limits.detail:
        events = dataset.events[mask]
    else:
        events = pd.DataFrame(index=dataset.events.index[mask])
    listed = dataset.events.iloc[np.flatnonzero(seen)[:MAX_LISTED]]
    if in_window == 0:  # a slice holds no event to window out: said as the chart says it
        parts = empty_figure(EMPTY_STRETCH).to_dict()
    else:
        parts = timeline_parts(
            events, dataset=dataset, view=state, width_px=plot_width(viewport), limits=limits
        )
    if dataset.whole is not None:
        to_whole_rows(parts, dataset.whole.rows)
    # keep the user's own zoom and pan across re-draws of the same view
    parts["layout"]["uirevision"] = encode(replace(state, event=None))
    fig = figure_payload(parts) if payload else go.Figure(parts, _validate=False)
    return fig, count, listing_of(listed, state, in_window)


def listing_of(listed: pd.DataFrame, state: ViewState, in_window: int) -> Listing:
    """The list under the chart: the first events in view, of ``in_window``."""
    if in_window == 0:
        return empty_list(OUT_OF_VIEW)
    return event_list(listed, state, total=in_window)


def count_line(n: int, total: int, in_window: int, window: tuple[str, str] | None) -> str:
    """'12 of 28 events', and how many of them are in the zoom window."""
    count = f"{n:,} of {total:,} events"
    if window is not None:
        count += f" · {in_window:,} in view, {window_label(window)}"
    return count


def render_details(dataset: Dataset, search: str | None) -> tuple[list, str]:
    """The provenance panel for the URL's event, and the panel's CSS class."""
    state, _ = decode_for(search, dataset)
    if state.event is None:
        return placeholder(), "details"
    return event_details(dataset, state.event), "details is-open"


def page_state(
    dataset: Dataset, search: str, *, last_end: LastEnd | None = None
) -> dict[str, dict[str, Any]] | None:
    """What the URL's callbacks would set on page load, as ``{component id: {prop: value}}``,
    for the layout to hold from the start; None when ``search`` is not the canonical address
    of its view (``sync`` rewrites it, so the callbacks must run). With it the page makes no
    round trip on load: each one costs the chart about a tenth of a second here, and a
    network's latency more."""
    result = sync(dataset, None, None, search, Controls(), last_end=last_end)
    if result.search is not no_update:
        return None
    state, _ = decode_for(search, dataset)
    values: dict[str, dict[str, Any]] = {ids.URL: {"search": search}}
    choices = {ids.control(f.attr): facet for facet, f in NAMES_FIELDS}
    for cid, value in zip(CONTROL_IDS, result.controls, strict=True):
        if value is no_update:
            continue
        values[cid] = {"value": value}
        if cid in choices:  # a long list offers the chosen names (see controls.offered)
            values[cid]["options"] = offered(choices[cid].choices(dataset), None, value)
    details, panel = render_details(dataset, search)
    values[ids.NOTICES] = {"children": result.notices}
    values[ids.PRESETS] = {"value": preset_shown(state, dataset, last_end=last_end)}
    values[ids.DETAILS] = {"children": details}
    values[ids.DETAILS_PANEL] = {"className": panel}
    return values


NAMES_FIELDS = tuple(
    (facet, f) for facet in FACETS for f in facet.fields if f.kind.component == "dropdown"
)


def register_options(app: Dash, current: Callable[[], Dataset], facet: Facet, f: Field) -> None:
    """A long list of names is searched on the server as the user types (Dash's dynamic
    options): the page holds only what :func:`offered` picks, chosen names included."""
    cid = ids.control(f.attr)

    @app.callback(
        Output(cid, "options"),
        Input(cid, "search_value"),
        Input(cid, "value"),
        prevent_initial_call=True,
    )
    def _options(search: Any, value: Any) -> Any:
        choices = facet.choices(current())
        return no_update if len(choices) <= MAX_OPTIONS else offered(choices, search, value)


def register_callbacks(app: Dash, views: Views) -> None:
    """Wire the page to the pure functions above, on this app instance only: ``views`` give
    the data each URL is drawn from (:mod:`timeline.web.views`)."""
    control_outputs = [Output(cid, "value") for cid in CONTROL_IDS]
    control_inputs = [Input(cid, "value") for cid in CONTROL_IDS]

    @app.callback(
        Output(ids.URL, "search"),
        *control_outputs,
        Output(ids.NOTICES, "children"),
        Output(ids.PRESETS, "value"),
        Input(ids.URL, "search"),
        *control_inputs,
        Input(ids.RESET, "n_clicks"),
        Input(ids.PRESETS, "value"),
        Input(ids.ZOOM, "data"),
        prevent_initial_call=True,  # on load: page_state, or dcc.Location setting the address
    )
    def _sync(search: str | None, *values: Any) -> tuple:
        controls = decode_controls(values[: len(CONTROL_IDS)])
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        try:
            dataset, last_end = views.decoding(search), views.last_end
            result = sync(dataset, ctx.triggered_id, value, search, controls, last_end=last_end)
        except SERVED_FAILURES as exc:  # the address and the controls stay as they are
            unchanged = (no_update,) * len(CONTROL_IDS)
            notice = [html.Li(failure_text(exc), className="notice")]
            return (no_update, *unchanged, notice, no_update)
        shown = result.search if isinstance(result.search, str) else search
        state, _ = decode_for(shown, dataset)
        shown_preset = preset_shown(state, dataset, last_end=last_end)
        return (result.search, *result.controls, result.notices, shown_preset)

    # Clicks write the URL from their own callback, so they never supersede a pending
    # URL/controls update.
    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.GRAPH, "clickData"),
        Input(ids.DETAILS_CLOSE, "n_clicks"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _select(*args: Any) -> Any:
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        try:
            return select_event(ctx.triggered_id, value, args[-1], clicked=views.clicked)
        except SERVED_FAILURES:  # the view's own callback says so
            return no_update

    for facet, f in NAMES_FIELDS:
        register_options(app, views.base, facet, f)

    app.clientside_callback(
        clientside("zoomFromRelayout"),
        Output(ids.ZOOM, "data"),
        Input(ids.GRAPH, "relayoutData"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.GRAPH, "figure"),
        Output(ids.COUNT, "children"),
        Output(ids.ROWS, "data"),
        Output(ids.LIST_NOTE, "children"),
        Output(ids.FIRST_VIEW, "data"),  # cleared by the first call: it holds for that call only
        Input(ids.URL, "search"),
        State(ids.VIEWPORT, "data"),
        State(ids.FIRST_VIEW, "data"),
        prevent_initial_call=True,
    )
    def _render_view(search: str | None, viewport: Any, first: Any = None) -> tuple:
        cleared = no_update if first is None else None
        try:
            drawn = first is not None and already_drawn(views.decoding, first, search, viewport)
            if drawn:
                return no_update, no_update, no_update, no_update, None  # the layout holds it
            fig, count, listing = views.render(search, viewport, payload=True)
        except SERVED_FAILURES as exc:  # said on the page; the next view is asked as usual
            message = failure_text(exc)
            return empty_figure(message).to_dict(), "", [], message, cleared
        return fig, count, listing.rows, listing.note, cleared

    @app.callback(
        Output(ids.DETAILS, "children"),
        Output(ids.DETAILS_PANEL, "className"),
        Input(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _render_details(search: str | None) -> tuple:
        try:
            return render_details(views.decoding(search), search)
        except SERVED_FAILURES as exc:
            return [html.P(failure_text(exc), className="details-hint")], "details is-open"

    app.clientside_callback(
        clientside("listLinks"), Output(ids.LINK_SINK, "data"), Input(ids.URL, "pathname")
    )
    app.clientside_callback(clientside("listRows"), Input(ids.ROWS, "data"))
    # a click on an event's label is handed to the graph's clickData, then to _select above
    app.clientside_callback(clientside("labelClicks"), Input(ids.URL, "pathname"))
    app.clientside_callback(
        clientside("viewportWidth"), Output(ids.VIEWPORT, "data"), Input(ids.URL, "pathname")
    )
    app.clientside_callback(
        clientside("scrollToDetails"),
        Output(ids.SCROLL_SINK, "data"),
        Input(ids.DETAILS_PANEL, "className"),  # on load too: a linked event opens in view
    )


def register_export_callbacks(app: Dash, views: Views) -> None:
    """Wire the Export PNG button: browser range -> server figure -> browser download."""
    app.clientside_callback(
        clientside("exportRequest"),
        Output(ids.EXPORT_REQUEST, "data"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.EXPORT_JOB, "data"),
        Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_REQUEST, "data"),
        State(ids.URL, "search"),
        State(ids.EXPORT_SIZE, "value"),
        prevent_initial_call=True,
    )
    def _export_job(request: dict | None, search: str | None, size_key: str | None) -> tuple:
        try:
            job = views.export(search, request, size_key)
        except SERVED_FAILURES as exc:
            return None, f"Not exported: {failure_text(exc)}"
        if job is None:
            return no_update, no_update
        if "error" in job:
            return None, job["error"]
        return job, "Rendering…"

    app.clientside_callback(
        clientside("downloadImage"),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.EXPORT_JOB, "data"),
        prevent_initial_call=True,
    )


def register_report_callbacks(app: Dash, views: Views, pool: RenderPool) -> None:
    """Wire "Download report": the URL's view, in the chosen format, as a file download.

    Reports go through the app's render pool (:mod:`timeline.web.renders`): when it is full
    the status says "Busy…" at once; a visitor who has left gets no report made."""

    @app.callback(
        Output(ids.REPORT_DOWNLOAD, "data"),
        Output(ids.REPORT_STATUS, "children"),
        Input(ids.REPORT_BUTTON, "n_clicks"),
        State(ids.URL, "search"),
        State(ids.REPORT_FORMAT, "value"),
        prevent_initial_call=True,
        running=[(Output(ids.REPORT_BUTTON, "disabled"), True, False)],
    )
    def _report(clicks: Any, search: str | None, fmt: Any) -> tuple:
        if not clicks:
            return no_update, no_update
        try:
            download, status = views.report(search, fmt, pool=pool, gone=visitor_gone())
        except SERVED_FAILURES as exc:
            return no_update, f"No report: {failure_text(exc)}"
        return (download if download is not None else no_update), status
