"""Traces of the detailed view: dots, period bands, connectors, the selection ring and the
legend key. A handful of traces per figure, never one per event."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from timeline.chart.lanes import LaneRows
from timeline.chart.style import (
    DOT_SIZE,
    INK,
    MUTED,
    OTHER_COLOUR,
    PALETTE,
    escape,
    escape_one,
)
from timeline.model.dataset import Dataset
from timeline.model.geometry import Geometry

LEGEND_COUNT = "(n): source articles reporting it"
Trace = dict[str, Any]


def scatter(*, webgl: bool = False, **props: Any) -> Trace:
    """A trace as a plain dict: no validation and no copies. :func:`timeline_figure` wraps a
    list of them in one ``go.Figure``; the app's callback sends them as they are."""
    return {"type": "scattergl" if webgl else "scatter", **props}


def hover_text(events: pd.DataFrame) -> np.ndarray:
    """Title, date as written, actors and source count; escaped, long titles wrapped."""
    title = escape(events["title"]).str.replace(r"(.{40,56}?) ", r"\1<br>", regex=True)
    actors = escape(events["actors"].str.join(", "))
    n = events["n_sources"].astype("int64")
    sources = n.astype("str") + np.where(n.to_numpy() == 1, " source", " sources")
    text = (
        "<b>"
        + title
        + "</b><br>"
        + escape(events["date_label"])
        + "<br>"
        + actors
        + "<br><i>"
        + sources
        + "</i>"
    )
    return text.to_numpy(dtype=object)


def vocabulary_colours(names: tuple[str, ...]) -> dict[str, str]:
    """One colour per name, from its place in the vocabulary: the same in every view, filter
    and export of a dataset. Names beyond the palette share a grey."""
    return {name: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, name in enumerate(names)}


def theme_colours(
    dataset: Dataset, events: pd.DataFrame, rows: LaneRows | None = None, *, by_lane: bool = False
) -> tuple[np.ndarray, dict[str, str]]:
    """Colour of each drawn row and the legend (theme -> colour) of the themes in view.

    With lanes by actor, a dot takes its event's first theme's colour; with lanes by theme
    (``by_lane``), each copy of an event takes its own lane's colour, so colour and lane never
    say different things. Colours come from the vocabulary (:func:`vocabulary_colours`).
    """
    palette = vocabulary_colours(dataset.themes)
    if by_lane and rows is not None:
        names = np.array([*rows.names], dtype=object)
        shown = names[rows.lane]
    else:
        first = events["themes"].str[0].astype("str").fillna("").to_numpy(dtype=object)
        shown = first if rows is None else first[rows.frame_pos]
    colours = np.array([palette.get(str(s), OTHER_COLOUR) for s in shown], dtype=object)
    present = set(map(str, shown))
    legend = {t: palette[t] for t in dataset.themes if t in present}
    if any(s not in palette for s in present):
        legend["no theme"] = OTHER_COLOUR
    return colours, legend


def _marker_trace(
    x: np.ndarray, y: np.ndarray, *, name: str, webgl: bool, **kwargs: object
) -> Trace:
    return scatter(webgl=webgl, x=x, y=y, name=name, mode="markers", showlegend=False, **kwargs)


def band_traces(
    lo: np.ndarray, hi: np.ndarray, y: np.ndarray, colour: np.ndarray, *, kind: str, webgl: bool
) -> list[Trace]:
    """Horizontal bands (one line segment per row), one trace per colour.

    Lines rather than bars: Plotly draws bars with zero width on an axis with rangebreaks.
    The dots carry hover and clicks; bands only show the period.
    """
    faded = kind == "period"
    traces = []
    for value in pd.unique(colour):
        pick = colour == value
        n = int(pick.sum())
        xs = np.column_stack([lo[pick], hi[pick], np.full(n, np.nan)]).ravel()
        ys = np.column_stack([y[pick], y[pick], np.full(n, np.nan)]).ravel()
        traces.append(
            scatter(
                webgl=webgl,
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=value, width=12 if faded else 5),
                opacity=0.22 if faded else 0.55,
                hoverinfo="skip",
                showlegend=False,
                name=f"{kind} {value}",
            )
        )
    return traces


def connectors(lane_y: np.ndarray, frame_pos: np.ndarray, anchor: np.ndarray) -> Trace:
    """A faint vertical line joining the copies of an event that sits in several lanes."""
    frame = pd.DataFrame({"pos": frame_pos, "y": lane_y})
    span = frame.groupby("pos", sort=True)["y"].agg(["min", "max", "size"])
    span = span[span["size"] > 1]
    x_at = anchor[span.index.to_numpy()]
    n = len(span)
    xs = np.column_stack([x_at, x_at, np.full(n, np.nan)]).ravel()
    ys = np.column_stack([span["min"], span["max"], np.full(n, np.nan)]).ravel()
    return scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color="#9aa5b1", width=1, dash="dot"),
        hoverinfo="skip",
        showlegend=False,
        name="same event",
    )


def legend_entries(colours: dict[str, str]) -> list[Trace]:
    """Legend-only traces: theme colours, then what the dot shapes and sizes mean."""
    entries = [
        scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker=dict(color=colour, size=10),
            name=escape_one(theme),
        )
        for theme, colour in colours.items()
    ]
    styles = [
        ("exact day", dict(symbol="circle", color=MUTED, size=10)),
        ("month or year", dict(symbol="circle-open", color=MUTED, size=10)),
        (LEGEND_COUNT, dict(symbol="circle", color="white", size=1)),
    ]
    entries += [
        scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker=dict(line=dict(width=2, color=MUTED), **marker),
            name=name,
        )
        for name, marker in styles
    ]
    return entries


def dot_traces(
    events: pd.DataFrame,
    rows: LaneRows,
    geo: Geometry,
    y: np.ndarray,
    colours: np.ndarray,
    *,
    webgl: bool,
) -> list[Trace]:
    """Filled dots for exact days, hollow ones for months and years (``colours`` per row)."""
    k = rows.frame_pos
    hover = hover_text(events)[k]
    colour = colours
    sizes = np.full(k.size, DOT_SIZE)
    traces = []
    for exact, name in ((True, "exact day"), (False, "month or year")):
        pick = geo.exact[k] == exact
        if not pick.any():
            continue
        marker = dict(
            size=sizes[pick],
            color=colour[pick],
            symbol="circle" if exact else "circle-open",
            line=dict(width=1, color="white") if exact else dict(width=2.5, color=colour[pick]),
            opacity=0.95,
        )
        traces.append(
            _marker_trace(
                geo.anchor[k][pick],
                y[pick],
                name=name,
                webgl=webgl,
                marker=marker,
                hovertext=hover[pick],
                # a plain list: dcc.Graph reads clicked customdata from the figure and cannot
                # index a binary-encoded array
                customdata=rows.event[pick].tolist(),
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces


def selection_ring(
    events: pd.DataFrame, rows: LaneRows, geo: Geometry, y: np.ndarray, selected: str
) -> list[Trace]:
    """A dark ring around every copy of the selected event."""
    k = rows.frame_pos
    chosen = events["id"].to_numpy()[k] == selected
    if not chosen.any():
        return []
    sizes = np.full(int(chosen.sum()), DOT_SIZE)
    return [
        scatter(
            x=geo.anchor[k][chosen],
            y=y[chosen],
            mode="markers",
            marker=dict(symbol="circle-open", size=sizes + 12, color=INK, line=dict(width=2.5)),
            hoverinfo="skip",
            showlegend=False,
            name="selected",
        )
    ]
