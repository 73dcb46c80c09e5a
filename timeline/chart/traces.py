"""Traces of the detailed view: dots, period bands, connectors, the selection ring and the
legend key. A handful of traces per figure, never one per event."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from timeline.chart.cuts import BandPieces
from timeline.chart.lanes import LaneRows
from timeline.chart.style import (
    DOT_SIZE,
    FONT,
    INK,
    MUTED,
    OTHER_COLOUR,
    PALETTE,
    escape,
    escape_one,
)
from timeline.model.dataset import Dataset
from timeline.model.geometry import Geometry

LEGEND_COUNT = "(n): articles reporting it"
BAND_WIDTH = {"period": 12, "span": 5}
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


def band_traces(pieces: BandPieces, colour: np.ndarray, *, kind: str, webgl: bool) -> list[Trace]:
    """Horizontal bands (line pieces, see :func:`band_pieces`), one trace per colour
    (``colour`` per band).

    Lines rather than bars: Plotly draws bars with zero width on an axis with rangebreaks.
    The dots carry hover and clicks; bands only show the period.
    """
    faded = kind == "period"
    point_colour = colour[pieces.row]
    traces = []
    for value in pd.unique(colour):
        pick = point_colour == value
        traces.append(
            scatter(
                webgl=webgl,
                x=pieces.x[pick],
                y=pieces.y[pick],
                mode="lines",
                line=dict(color=value, width=BAND_WIDTH[kind]),
                opacity=0.22 if faded else 0.55,
                hoverinfo="skip",
                showlegend=False,
                name=f"{kind} {value}",
            )
        )
    return traces


def band_breaks(all_pieces: list[BandPieces]) -> list[Trace]:
    """A slash across a band wherever hidden time lies inside its period: a white gap with a
    grey stroke, like the axis's //, so a band shortened by the cuts never passes for a
    shorter period."""
    x = np.concatenate([p.break_x for p in all_pieces]) if all_pieces else np.zeros(0)
    if x.size == 0:
        return []
    y = np.concatenate([p.break_y for p in all_pieces])
    hover = "Time without events is left out inside this period"
    # text, not markers: a mark is not a point (what is clicked, counted and labelled)
    return [
        scatter(
            x=x,
            y=y,
            mode="text",
            text=["/"] * x.size,
            textfont=dict(size=size, color=colour, weight=weight, family=FONT),
            hoverinfo="skip" if colour == "white" else "text",
            hovertext=hover,
            showlegend=False,
            name=f"band break {colour}",
        )
        for size, weight, colour in ((21, 900, "white"), (16, 400, MUTED))
    ]


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


# what each mark means, in the legend: (text, a scatter's style that draws it)
LEGEND_MARKS: dict[str, tuple[str, dict]] = {
    "day": ("exact day", dict(mode="markers", marker=dict(symbol="circle", color=MUTED, size=10))),
    "vague": (
        "month or year (faded: the whole period)",
        dict(
            mode="lines+markers",
            marker=dict(symbol="circle-open", color=MUTED, size=10, line=dict(width=2)),
            line=dict(color="rgba(107,119,133,0.3)", width=10),
        ),
    ),
    "span": ("from–to (bar)", dict(mode="lines", line=dict(color=MUTED, width=5))),
    "broken": (
        "/ on a band: part of it left out",
        dict(
            mode="markers",
            marker=dict(symbol="line-ne", size=14, line=dict(width=1.5, color=MUTED)),
        ),
    ),
    "same": (
        "dotted: one event, several lanes",
        dict(mode="lines", line=dict(color="#9aa5b1", width=1.5, dash="dot")),
    ),
    "selected": (
        "selected event",
        dict(
            mode="markers",
            marker=dict(symbol="circle-open", color=INK, size=12, line=dict(width=2)),
        ),
    ),
}
BROKEN, SAME_EVENT = "broken", "same"


def legend_entries(
    colours: dict[str, str], marks: list[str]
) -> tuple[list[Trace], tuple[str, ...]]:
    """Legend-only traces: theme colours, then what each kind of mark in view means (only
    those the view contains), then the source count; and the entries' texts."""
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
    order = [m for m in LEGEND_MARKS if m in marks]
    entries += [
        scatter(x=[None], y=[None], name=LEGEND_MARKS[m][0], **LEGEND_MARKS[m][1]) for m in order
    ]
    entries.append(
        scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker=dict(color="white", size=1, line=dict(width=2, color=MUTED)),
            name=LEGEND_COUNT,
        )
    )
    return entries, tuple(e["name"] for e in entries)


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
