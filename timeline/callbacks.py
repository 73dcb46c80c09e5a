"""Thin callbacks: decode inputs, call the pure filter, figure and details code, return.

The URL is the single source of truth. One ``sync`` callback keeps the URL and the controls
in step (both directions live in one callback, the only loop Dash allows); ``render_view``
and ``render_details`` draw whatever the URL says. Each callback body is a plain function
of its inputs, so tests call them without a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd
from dash import Dash, Input, Output, State, ctx, html, no_update

from timeline import ids, inputs
from timeline.dataset import Dataset
from timeline.details import event_details, placeholder
from timeline.figure import DETAIL_LIMIT, empty_figure, timeline_figure
from timeline.filters import Filters, date_bound, filter_mask
from timeline.first_view import FIRST_VIEW, already_drawn
from timeline.urlstate import AXES, GROUPS, ViewState, decode, decode_for, encode

MAX_LISTED = 100  # the event list shows at most this many rows
EMPTY_MESSAGE = "No events match these filters. Remove one, or use “Reset all”."
CONTROL_IDS = (
    ids.ACTORS,
    ids.THEMES,
    ids.SOURCES,
    ids.DATE_FROM,
    ids.DATE_TO,
    ids.QUERY,
    ids.GROUP,
    ids.AXIS,
)
# Once per page: a plain left click on a list row sets the URL's search through Dash (the
# Location pushes history without a reload and the URL-driven callbacks open the details).
# Unlike dcc.Link this keeps the scroll position; modified clicks still open a new tab.
LIST_LINKS_JS = """function(_) {
    if (!window.timelineListLinks) {
        window.timelineListLinks = true;
        document.addEventListener('click', function(e) {
            const link = e.target.closest && e.target.closest('#event-list a.list-item');
            if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
                return;
            }
            e.preventDefault();
            window.dash_clientside.set_props('URL_ID', {search: link.getAttribute('href')});
        });
    }
    return window.dash_clientside.no_update;
}""".replace("URL_ID", ids.URL)
PRESET_SPANS = {"5y": ("Y", 5), "1y": ("Y", 1), "3m": ("M", 3)}


@dataclass(frozen=True)
class Controls:
    """The values of the filter and view controls, as Dash hands them over."""

    actors: list[str] | None = None
    themes: list[str] | None = None
    sources: list[str] | None = None
    date_from: str | None = None
    date_to: str | None = None
    query: str | None = None
    group: str | None = None
    axis: str | None = None

    def as_tuple(self) -> tuple:
        return (
            self.actors,
            self.themes,
            self.sources,
            self.date_from,
            self.date_to,
            self.query,
            self.group,
            self.axis,
        )


def decode_controls(values: tuple | list) -> Controls:
    """Controls from a request's values (in CONTROL_IDS order); wrong types count as unset."""
    lists, texts = values[:3], values[3:]
    return Controls(*(inputs.names(v) for v in lists), *(inputs.text(v) for v in texts))


def controls_for(state: ViewState) -> Controls:
    """Control values showing a state."""
    f = state.filters
    return Controls(
        list(f.actors),
        list(f.themes),
        list(f.sources),
        f.date_from or "",
        f.date_to or "",
        f.query,
        state.group,
        state.axis,
    )


def state_from_controls(controls: Controls, event: str | None) -> tuple[ViewState, list[str]]:
    """The state the controls describe; a malformed typed date is left out, with a notice."""
    notices: list[str] = []
    dates: list[str | None] = []
    for label, value in (("From", controls.date_from), ("To", controls.date_to)):
        text = (value or "").strip()
        if text and date_bound(text, end=False) is None:
            notices.append(f"{label} date '{text}' is not a date like 2023, 2023-09 or 2023-09-13")
            text = ""
        dates.append(text or None)
    filters = Filters(
        actors=tuple(controls.actors or ()),
        themes=tuple(controls.themes or ()),
        sources=tuple(controls.sources or ()),
        date_from=dates[0],
        date_to=dates[1],
        query=(controls.query or "").strip()[:200],
    )
    problems = [p for p in filter_problems_ignoring_names(filters) if "after" in p]
    if problems:
        notices += [f"The {p}; the to date is ignored" for p in problems]
        filters = replace(filters, date_to=None)
    group = controls.group if controls.group in GROUPS else "actor"
    axis = controls.axis if controls.axis in AXES else "compressed"
    return ViewState(filters, group, axis, event), notices  # type: ignore[arg-type]


def filter_problems_ignoring_names(filters: Filters) -> list[str]:
    """Date-order problems of a filter set (names are checked against the dataset elsewhere)."""
    lo = date_bound(filters.date_from, end=False)
    hi = date_bound(filters.date_to, end=True)
    if lo is not None and hi is not None and hi <= lo:
        return [f"from date {filters.date_from!r} is after to date {filters.date_to!r}"]
    return []


def event_from_click(dataset: Dataset, click: dict | None) -> str | None:
    """The event id behind a chart click (customdata is the event's row position)."""
    try:
        position = int(click["points"][0]["customdata"])  # type: ignore[index]
    except (TypeError, KeyError, IndexError, ValueError, OverflowError):
        return None
    if 0 <= position < len(dataset.events):
        return str(dataset.events["id"].iloc[position])
    return None


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
) -> SyncResult:
    """Keep URL and controls in step. ``trigger`` is the id of what changed (None: page load)."""
    unchanged = (no_update,) * len(CONTROL_IDS)
    current, _ = decode(search)
    if trigger is None or trigger == ids.URL:
        state, notices = decode_for(search, dataset)
        canonical = encode(state)
        return SyncResult(
            canonical if canonical != (search or "") else no_update,
            _changed(controls, controls_for(state)),
            _notice_items(notices),
        )
    if trigger == ids.RESET:
        return SyncResult("", controls_for(ViewState()).as_tuple(), [])
    if trigger in (ids.GRAPH, ids.DETAILS_CLOSE):
        return SyncResult(select_event(dataset, trigger, trigger_value, search), unchanged, [])
    state, notices = state_from_controls(controls, current.event)
    new = encode(state)
    changed = new if new != (search or "") else no_update
    return SyncResult(changed, unchanged, _notice_items(notices))


def select_event(
    dataset: Dataset, trigger: str | dict | None, value: Any, search: str | None
) -> Any:
    """The URL after a click on the chart or the details' close button (list rows are links)."""
    current, _ = decode(search)
    if trigger == ids.GRAPH:
        event = event_from_click(dataset, value)
        return no_update if event is None else encode(replace(current, event=event))
    if trigger == ids.DETAILS_CLOSE and value:
        return encode(replace(current, event=None))
    return no_update


def _changed(old: Controls, new: Controls) -> tuple:
    """New control values, with no_update where a control already shows the value."""

    def same(a: Any, b: Any) -> bool:
        return (a or None) == (b or None)

    return tuple(
        no_update if same(a, b) else b for a, b in zip(old.as_tuple(), new.as_tuple(), strict=True)
    )


def _notice_items(notices: list[str]) -> list[html.Li]:
    return [html.Li(text, className="notice") for text in notices]


def preset_range(events: pd.DataFrame, preset: str | None) -> tuple[str, str] | None:
    """The x range of a zoom preset, ending at the latest shown event (None: everything)."""
    if not isinstance(preset, str) or preset not in PRESET_SPANS or events.empty:
        return None
    unit, n = PRESET_SPANS[preset]
    last = events["end"].to_numpy().max().astype("datetime64[D]") + 2
    first = (last.astype(f"datetime64[{unit}]") - n).astype("datetime64[D]")
    return str(first), str(last)


def _plot_width(viewport: Any) -> int:
    """Expected plot width in px from the window width (lane labels and padding taken off)."""
    try:
        width = float(viewport)
    except (TypeError, ValueError, OverflowError):
        return 900
    page = min(width, 1440)
    main = page * 0.64 if page >= 1100 else page - 24
    return int(max(240, main - 150))


def render_view(
    dataset: Dataset,
    search: str | None,
    preset: str | None,
    x_range: tuple[str, str] | None = None,
    viewport: Any = None,
) -> tuple[Any, str, list]:
    """Figure, "N of M events" and the event list for what the URL says."""
    state, _ = decode_for(search, dataset)
    mask = filter_mask(dataset, state.filters)
    n = int(mask.sum())
    total = len(dataset.events)
    count = f"{n} of {total} events"
    if n == 0:
        return empty_figure(EMPTY_MESSAGE), count, [html.P(EMPTY_MESSAGE, className="empty")]
    # Many matches are drawn as density, which reads only row positions: copying every column
    # of every match would cost more than the whole figure. The list takes its own rows.
    if n <= DETAIL_LIMIT:
        events = listed = dataset.events[mask]
    else:
        events = dataset.events.loc[mask, ["id", "start", "end"]]
        listed = dataset.events.iloc[np.flatnonzero(mask)[:MAX_LISTED]]
    zoom = x_range if x_range is not None else preset_range(events, preset)
    fig = timeline_figure(
        events,
        dataset=dataset,
        group_by=state.group,
        axis=state.axis,
        x_range=zoom,
        selected=state.event,
        width_px=_plot_width(viewport),
    )
    # keep the user's zoom across re-draws unless what is shown, or the preset, changed
    fig.update_layout(uirevision=f"{encode(replace(state, event=None))}|{preset}")
    return fig, count, event_list(listed, state, search, total=n)


def event_href(base: str, event_id: str) -> str:
    """``encode(replace(state, event=event_id))`` from ``base = encode(state without event)``.

    Cheaper than encoding the whole state once per listed row (``event`` is encoded last)."""
    return f"{base}{'&' if base else '?'}event={quote(str(event_id), safe='')}"


def event_list(
    events: pd.DataFrame, state: ViewState, search: str | None, total: int | None = None
) -> list:
    """A list of the shown events (newest last), each a link to the URL that opens its details.

    Plain links, not buttons with pattern-matching ids: Dash tracks every pattern-matched
    component in the browser, which made drawing a 300-row list take seconds. A link is
    focusable and follows Enter; ``LIST_LINKS_JS`` turns a plain click into a URL change
    without a page load. ``total``: how many match, when ``events`` holds only the first ones.
    """
    shown = events.iloc[:MAX_LISTED]
    total = len(events) if total is None else total
    selected = state.event
    base = encode(replace(state, event=None))
    items = []
    for event_id, label, title, n in zip(
        shown["id"], shown["date_label"], shown["title"], shown["n_sources"], strict=True
    ):
        is_selected = event_id == selected
        items.append(
            html.Li(
                html.A(
                    [
                        html.Span(str(label), className="list-date"),
                        html.Span(str(title), className="list-title-text"),
                        html.Span(f"{n} source{'s' if n != 1 else ''}", className="list-sources"),
                    ],
                    href=event_href(base, str(event_id)),
                    className="list-item is-selected" if is_selected else "list-item",
                    **({"aria-current": "true"} if is_selected else {}),
                )
            )
        )
    children: list = [html.Ol(items, className="list")]
    if total > MAX_LISTED:
        children.append(
            html.P(
                f"Showing the first {MAX_LISTED} of {total}; narrow the filters to list the rest.",
                className="list-more",
            )
        )
    return children


def render_details(dataset: Dataset, search: str | None) -> tuple[list, str]:
    """The provenance panel for the URL's event, and the panel's CSS class."""
    state, _ = decode_for(search, dataset)
    if state.event is None:
        return placeholder(), "details"
    return event_details(dataset, state.event), "details is-open"


def register_callbacks(app: Dash, dataset: Dataset | Callable[[], Dataset]) -> None:
    """Wire the page to the pure functions above, on this app instance only.

    ``dataset`` may be a callable returning the dataset to use now (a live folder).
    """
    current = dataset if callable(dataset) else lambda: dataset
    control_outputs = [Output(cid, "value") for cid in CONTROL_IDS]
    control_inputs = [Input(cid, "value") for cid in CONTROL_IDS]

    @app.callback(
        Output(ids.URL, "search"),
        *control_outputs,
        Output(ids.NOTICES, "children"),
        Input(ids.URL, "search"),
        *control_inputs,
        Input(ids.RESET, "n_clicks"),
    )
    def _sync(search: str | None, *values: Any) -> tuple:
        controls = decode_controls(values[: len(CONTROL_IDS)])
        trigger = ctx.triggered_id
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        result = sync(current(), trigger, value, search, controls)
        return (result.search, *result.controls, result.notices)

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
        return select_event(current(), ctx.triggered_id, value, args[-1])

    # Only real zooms reach the view callback (a no-op reply could supersede a pending draw).
    app.clientside_callback(
        """function(r) {
            const none = window.dash_clientside.no_update;
            if (!r) { return none; }
            if (r['xaxis.autorange']) { return {range: null}; }
            if ('xaxis.range[0]' in r) {
                return {range: [r['xaxis.range[0]'], r['xaxis.range[1]']]};
            }
            if (Array.isArray(r['xaxis.range'])) { return {range: r['xaxis.range']}; }
            return none;
        }""",
        Output(ids.ZOOM, "data"),
        Input(ids.GRAPH, "relayoutData"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.GRAPH, "figure"),
        Output(ids.COUNT, "children"),
        Output(ids.EVENT_LIST, "children"),
        Output(FIRST_VIEW, "data"),  # cleared by the first call: it holds for that call only
        Input(ids.URL, "search"),
        Input(ids.PRESETS, "value"),
        Input(ids.ZOOM, "data"),
        State(ids.VIEWPORT, "data"),
        State(FIRST_VIEW, "data"),
    )
    def _render_view(
        search: str | None, preset: str | None, zoom: Any, viewport: Any, first: Any = None
    ) -> tuple:
        if ctx.triggered_id != ids.ZOOM and already_drawn(first, search, preset, viewport):
            return no_update, no_update, no_update, None  # the layout holds this view
        x_range = inputs.x_range(zoom) if ctx.triggered_id == ids.ZOOM else None
        cleared = no_update if first is None else None
        return (*render_view(current(), search, preset, x_range, viewport), cleared)

    @app.callback(
        Output(ids.DETAILS, "children"),
        Output(ids.DETAILS_PANEL, "className"),
        Input(ids.URL, "search"),
    )
    def _render_details(search: str | None) -> tuple:
        return render_details(current(), search)

    app.clientside_callback(
        LIST_LINKS_JS, Output(ids.LINK_SINK, "data"), Input(ids.URL, "pathname")
    )
    app.clientside_callback(
        "function(_) { return window.innerWidth; }",
        Output(ids.VIEWPORT, "data"),
        Input(ids.URL, "pathname"),
    )
    app.clientside_callback(
        """function(cls) {
            if (cls && cls.indexOf('is-open') >= 0 && window.innerWidth < 1100) {
                const panel = document.getElementById('details-panel');
                if (panel) { panel.scrollIntoView({behavior: 'smooth', block: 'start'}); }
            }
            return window.dash_clientside.no_update;
        }""",
        Output(ids.SCROLL_SINK, "data"),
        Input(ids.DETAILS_PANEL, "className"),
        prevent_initial_call=True,
    )
