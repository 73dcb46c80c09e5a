"""The public figure functions: events + keyword options -> ``go.Figure``. No Dash here.

Design, chosen so the same code serves the small bundled dataset, the PNG export and large
data sets (see the density view):

- a handful of traces per figure, never one per event: an event is replicated as one row per
  lane it belongs to (actor or theme), and rows of the same drawing style share a trace;
- numeric arrays throughout: x values are milliseconds since 1970 on a ``date`` axis (Plotly
  sends numpy float arrays as compact binary, and years 1–9999 are exact), y is the lane number;
- ``customdata`` is the event's row position in ``dataset.events``, for clicks;
- precision is drawn honestly: a day is a filled dot; a month or a year is a faded band over
  the whole period with a hollow dot, and a span is a solid bar;
- the compressed axis collapses empty stretches with ``rangebreaks`` and marks every cut.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.chart.axis import (
    auto_window,
    compressed_axis,
    in_window,
    linear_axis,
    occupied,
    parse_range,
    squeeze,
    unsqueeze,
)
from timeline.chart.cuts import Plan, band_pieces, choose_whole, plan
from timeline.chart.density import density_parts
from timeline.chart.labels import (
    DOT_ZONE_PX,
    LABEL_ALL,
    LABEL_FONT,
    ROW_PX,
    TOP_PAD_PX,
    Placement,
    distinct_texts,
    label_chars,
    label_texts,
    lane_heights,
    place_labels,
    priority,
    text_width,
)
from timeline.chart.lanes import LaneRows, band_tracks, lane_rows, stack_offsets
from timeline.chart.layout import base_layout
from timeline.chart.options import ChartLimits
from timeline.chart.style import DOT_SIZE, FONT, INK, MUTED, escape_one
from timeline.chart.traces import (
    BROKEN,
    SAME_EVENT,
    Trace,
    band_breaks,
    band_traces,
    connectors,
    dot_traces,
    legend_entries,
    scatter,
    selection_ring,
    theme_colours,
)
from timeline.model.dataset import Dataset
from timeline.model.geometry import (
    Geometry,
    end_anchor,
    geometry,
    ms_to_iso,
    precision_ranks,
)
from timeline.query.view import ViewState

# what the app's reader can do about events left unlabelled (see :func:`timeline_parts`)
UNLABELLED_ADVICE = "zoom in or narrow the filters to label them"


def timeline_figure(events: pd.DataFrame, **options: Any) -> go.Figure:
    """The timeline of ``events`` as a ``go.Figure`` (keyword options of
    :func:`timeline_parts`): lanes on y, time on x, every event labelled."""
    return go.Figure(timeline_parts(events, **options), _validate=False)


EMPTY_STRETCH = "No events in this stretch of time: zoom out."


def timeline_parts(
    events: pd.DataFrame,
    *,
    dataset: Dataset,
    view: ViewState | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    footer: str | None = None,
    height: int | None = None,
    width_px: int = 900,
    limits: ChartLimits | None = None,
    advice: str = UNLABELLED_ADVICE,
) -> dict:
    """The figure's traces and layout, as plain dicts: see :func:`timeline_figure`.

    The timeline of ``events`` (rows of ``dataset.events``, index = row position; when
    many, only the index is read, so a caller may pass a frame without columns).

    ``view`` says how: lanes by actor or theme (vocabulary order) on y, time on x, the axis,
    the zoom window (ISO days) and the open event, which is ringed; its filters are the
    caller's (``events`` are already filtered). ``title``/``subtitle``/``footer`` are for
    exports (filters, citations); ``width_px`` (the plot's expected width) lays out the
    ticks, cuts and labels. ``advice`` ends the note on events left unlabelled: what the
    reader can do about it where the chart is shown.

    Level of detail: when more than ``limits.detail`` event-lane rows are in view, each lane
    shows how many events fall in each time bin (:func:`density_parts`); otherwise every
    event is drawn. A zoomed view is re-queried: only the events that overlap the window are
    drawn, in the lanes they occupy (a lane with nothing in view is left out).
    """
    view = view or ViewState()
    limits = limits or ChartLimits()
    if len(events) == 0:
        return empty_figure("No events match these filters.", title=title, height=height).to_dict()
    window = parse_range(view.window)
    if window is not None:
        events = events[in_window(dataset.index.geo.take(events.index.to_numpy()), window)]
        if len(events) == 0:
            return empty_figure(EMPTY_STRETCH, title=title, height=height).to_dict()
    rows = lane_rows(events, dataset, view.group, ordered=False)
    options = dict(
        dataset=dataset,
        view=view,
        title=title,
        subtitle=subtitle,
        footer=footer,
        height=height,
        width_px=width_px,
        limits=limits,
    )
    if rows.event.size <= limits.detail:
        full = _full_rows(events, dataset)
        return _detail_parts(full, advice=advice, **options)  # type: ignore[arg-type]
    return density_parts(events, rows=rows, **options)  # type: ignore[arg-type]


def _full_rows(events: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Every column of these events (a caller may pass only some: dense views read just the
    row positions)."""
    if set(dataset.events.columns) <= set(events.columns):
        return events
    return dataset.events.iloc[events.index.to_numpy()]


def _detail_parts(
    events: pd.DataFrame,
    *,
    dataset: Dataset,
    view: ViewState,
    title: str | None,
    subtitle: str | None,
    footer: str | None,
    height: int | None,
    width_px: int,
    limits: ChartLimits,
    lanes_of: np.ndarray | None = None,
    advice: str = UNLABELLED_ADVICE,
) -> dict:
    """Every event drawn: dots, bands, connectors, labels, hover text and click targets."""
    group_by, axis, x_range, selected = view.group, view.axis, view.window, view.event
    rows = lane_rows(events, dataset, group_by, lanes_of=lanes_of)
    geo = geometry(events)
    k = rows.frame_pos
    colours, legend = theme_colours(dataset, events, rows, by_lane=group_by == "theme")
    webgl = len(k) > limits.webgl
    ends = end_anchor(events)
    asked = parse_range(x_range)
    if axis == "compressed":
        whole = choose_whole(geo, ends, width_px=width_px, window=asked)
        lo, hi = occupied(geo, ends, whole_days=whole, window=asked)
        axis_plan = plan(lo, hi, asked, width_px=width_px, limit=limits.max_breaks)
        breaks, window = axis_plan.breaks, axis_plan.window
    else:
        lo, hi = geo.start, geo.end
        breaks, window = [], asked or auto_window(lo, hi, [])
    labels, window, margin = _labels(
        events, rows, geo, window, breaks, width_px, stretch=asked is None
    )
    heights = lane_heights(labels.rows_per_lane)
    base = TOP_PAD_PX + np.cumsum(heights) - DOT_ZONE_PX / 2  # y of each lane's dots, px
    band = (~geo.exact | geo.span)[k]
    band_hi = np.where(geo.span, geo.end, geo.first_end)[k]
    offsets = np.where(
        band,
        band_tracks(rows.lane, geo.start[k], band_hi, band),
        stack_offsets(rows.lane, geo.anchor[k]),
    )
    y = base[rows.lane] + offsets * DOT_ZONE_PX

    traces: list[Trace] = []
    marks: list[str] = []
    if len(events) <= limits.connectors:
        traces.append(connectors(y, k, geo.anchor))
        marks += [SAME_EVENT] if traces[-1]["x"].size else []
    broken = []
    for kind, pick, band_end in (
        ("period", ~geo.exact & ~geo.span, geo.first_end),
        ("span", geo.span, geo.end),
    ):
        rows_pick = pick[k]
        if rows_pick.any():
            pieces = band_pieces(
                geo.start[k][rows_pick], band_end[k][rows_pick], y[rows_pick], breaks, window
            )
            traces += band_traces(pieces, colours[rows_pick], kind=kind, webgl=webgl)
            broken.append(pieces)
            marks.append(kind)
    traces += band_breaks(broken)
    marks += [BROKEN] if any(p.break_x.size for p in broken) else []
    label_y = base[labels.lane] - DOT_ZONE_PX / 2 - ROW_PX * (labels.row + 0.5)
    label_x = np.clip(geo.anchor, *window)  # a dot outside the window: at its edge
    traces.append(_leaders(label_x, base[labels.lane] - DOT_SIZE / 2, label_y, labels.row))
    traces += dot_traces(events, rows, geo, y, colours, webgl=webgl)
    seen = (geo.anchor >= window[0]) & (geo.anchor <= window[1])  # dots drawn, not clipped
    marks += [m for m, kind in (("day", geo.exact), ("vague", ~geo.exact)) if (kind & seen).any()]
    if selected is not None:
        ring = selection_ring(events, rows, geo, y, selected)
        traces += ring
        marks += ["selected"] if ring else []
    entries, legend_items = legend_entries(legend, marks)
    traces += entries
    layout = base_layout(
        rows.names,
        title=title,
        subtitle=subtitle,
        footer=footer,
        height=height,
        lane_y=base,
        lanes_px=float(heights.sum()) + TOP_PAD_PX,
        colour_by="theme (lane)" if group_by == "theme" else "first theme",
        note=_unlabelled_note(labels.unlabelled, advice) if labels.unlabelled else None,
        legend_items=legend_items,
        width_px=width_px - margin,  # the plot gives ``margin`` to the labels on its right
    )
    layout["margin"]["r"] += margin
    layout["annotations"] = [
        *layout.get("annotations", []),
        *_label_annotations(events, labels, label_x, label_y),
    ]
    if axis == "compressed":
        # a stretch holding a year (a dot, or a span's end) is labelled by its year only
        anchors = np.concatenate([geo.anchor, ends[geo.span]])
        ranks = np.concatenate(
            [
                precision_ranks(events["precision"].astype("str").to_numpy()),
                precision_ranks(events["end_precision"].astype("str").to_numpy())[geo.span],
            ]
        )
        drawn = Plan(breaks, window, axis_plan.trimmed)  # the window labels may widen
        compressed_axis(
            layout, drawn, anchors, ranks, width_px=width_px - margin, broken=BROKEN in marks
        )
    else:
        linear_axis(layout, window, geo.anchor, width_px=width_px - margin)
    return {"data": traces, "layout": layout}


MAX_STRETCH = 1.15  # the axis may grow by this share of its time to make room for labels


def _labels(
    events: pd.DataFrame,
    rows: LaneRows,
    geo: Geometry,
    window: tuple[float, float],
    breaks: list[tuple[float, float]],
    width_px: int,
    *,
    stretch: bool,
) -> tuple[Placement, tuple[float, float], int]:
    """Label placement for the events whose dot is in the window, the window to draw, and
    the extra right margin (px) the labels need.

    With ``stretch`` (no zoom was asked for) the window is widened on the right until the
    labels of the latest events fit inside the plot, by at most ``MAX_STRETCH``; a zoomed
    window is kept. Then the plot gives up some width on the right instead (up to a third;
    past that, labels end at their dot). An event whose dot lies outside the window is
    labelled at the window's edge, where its band enters.
    """
    n = len(events)
    ranked = priority(events)
    order = ranked
    # only the events that can get a label are measured (a few dozen, of up to thousands)
    chosen = order[:LABEL_ALL]
    texts = np.full(n, "", dtype=object)
    texts[chosen] = distinct_texts(events.iloc[chosen], max_chars=label_chars(width_px))
    whole = np.full(n, "", dtype=object)
    whole[chosen] = distinct_texts(events.iloc[chosen], max_chars=10**6)
    widths = np.zeros(n)
    widths[chosen] = [text_width(t) for t in texts[chosen]]
    lanes: list[list[int]] = [[] for _ in range(n)]
    wanted = np.zeros(n, dtype=bool)
    wanted[chosen] = True
    pick = wanted[rows.frame_pos]
    for pos, lane in zip(rows.frame_pos[pick].tolist(), rows.lane[pick].tolist(), strict=True):
        lanes[pos].append(lane)
    at = squeeze(np.clip(geo.anchor, *window), breaks)
    lo, hi = (float(v) for v in squeeze(np.array(window), breaks))
    plot = float(width_px)  # a zoom keeps its window: labels get room in the right margin
    longest = lo + (hi - lo) * MAX_STRETCH  # past this, empty time would crowd the events
    for _ in range(12):
        x_px = (at - lo) / max(hi - lo, 1.0) * plot
        overflow = float(np.max(x_px[chosen] + 3 + widths[chosen], initial=0.0)) - width_px
        if overflow <= 0.5:
            break
        if stretch and hi < longest - 1:
            hi = min(longest, lo + (hi - lo) * (width_px + overflow + 4) / width_px)
        else:  # shrink the plot so that every label ends inside the figure
            frac = (x_px[chosen] / plot).clip(1e-9, None)
            fit = float(np.min((width_px - 4 - widths[chosen]) / frac))
            plot = max(width_px * 0.65, min(plot, fit))
    x_px = (at - lo) / max(hi - lo, 1.0) * plot
    placement = place_labels(
        x_px,
        lanes,
        widths,
        order,
        n_lanes=len(rows.names),
        plot_width=width_px,
        texts=texts,
        full=whole,
    )
    margin = int(width_px - plot)
    return placement, (window[0], float(unsqueeze(np.array([hi]), breaks)[0])), margin


def _leaders(
    anchor: np.ndarray, dot_top: np.ndarray, label_y: np.ndarray, row: np.ndarray
) -> Trace:
    """Thin vertical lines from each labelled dot up to its label's row."""
    pick = row >= 0
    n = int(pick.sum())
    xs = np.column_stack([anchor[pick], anchor[pick], np.full(n, np.nan)]).ravel()
    ys = np.column_stack([dot_top[pick], label_y[pick], np.full(n, np.nan)]).ravel()
    return scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color="#aab3bf", width=0.8),
        hoverinfo="skip",
        showlegend=False,
        name="label leader",
    )


def _label_annotations(
    events: pd.DataFrame, labels: Placement, anchor: np.ndarray, label_y: np.ndarray
) -> list[dict]:
    """One annotation per labelled event: its label as text, its full title on hover (both
    escaped: data never runs).

    A label is as clickable as its dot: it captures clicks (plotly.js then gives it a pointer
    cursor and emits ``plotly_clickannotation`` with the annotation as given) and its
    ``name`` is ``event-label:<row>``, the event's row position in ``dataset.events`` as the
    dots' ``customdata`` holds it; ``assets/timeline.js`` turns such a click into the
    graph's click data. A name is schema-valid, so it survives plotly.py's checks, the
    app's payload and plotly.js alike.
    """
    texts = labels.texts if labels.texts is not None else label_texts(events)
    picked = np.flatnonzero(labels.row >= 0)
    escaped = events["title"].iloc[picked].astype("str").map(escape_one)
    # wrapped at spaces, as the dots' hover text is (an escaped entity holds no space)
    wrapped = escaped.str.wrap(56, break_long_words=False, break_on_hyphens=False)
    titles = wrapped.str.replace("\n", "<br>", regex=False).tolist()
    out = []
    for i, title in zip(picked, titles, strict=True):
        flip = bool(labels.right[i])
        out.append(
            dict(
                x=ms_to_iso(float(anchor[i])),
                y=float(label_y[i]),
                xref="x",
                yref="y",
                text=escape_one(texts[i]),
                hovertext=title,
                showarrow=False,
                xanchor="right" if flip else "left",
                yanchor="middle",
                xshift=-3 if flip else 3,
                font=dict(family=FONT, size=LABEL_FONT, color=INK),
                bgcolor="rgba(255,255,255,0.85)",
                borderpad=0,
                name=f"event-label:{int(events.index[i])}",
                captureevents=True,
            )
        )
    return out


def _unlabelled_note(n: int, advice: str = UNLABELLED_ADVICE) -> str:
    return (
        f"{n} event{'s' if n != 1 else ''} in view not labelled for lack of room: {advice} "
        "(labels go first to more important, better-sourced events)."
    )


def empty_figure(message: str, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """A calm placeholder with a message, for no matching events (never a broken chart)."""
    fig = go.Figure(_validate=False)
    fig.update_layout(
        height=height or 280,
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=FONT, size=14, color=MUTED),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
        margin=dict(l=10, r=10, t=60 if title else 10, b=10),
        annotations=[
            dict(
                text=escape_one(message),
                xref="paper",
                yref="paper",
                x=0.5,
                y=0.5,
                showarrow=False,
                font=dict(size=16, color=MUTED),
                name="message",
            )
        ],
    )
    if title:
        fig.update_layout(title=dict(text=escape_one(title), x=0.01, xanchor="left"))
    return fig
