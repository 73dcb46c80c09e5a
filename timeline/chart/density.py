"""The density view: events counted per lane and time bin, for views too dense for dots."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timeline.chart.axis import (
    auto_window,
    compressed_axis,
    in_window,
    linear_axis,
    occupied,
    parse_range,
    squeeze,
    tick_label,
    unsqueeze,
)
from timeline.chart.cuts import choose_whole, plan
from timeline.chart.lanes import LaneRows, lane_rows
from timeline.chart.layout import LEGEND_PX, base_layout, wrap_px
from timeline.chart.options import ChartLimits
from timeline.chart.style import DENSITY_COLOURS, INK, escape_one
from timeline.chart.traces import Trace, scatter
from timeline.model.dataset import Dataset
from timeline.model.geometry import MS_PER_DAY, Geometry
from timeline.query.view import ViewState

DENSITY_CELL_PX = 14  # width of one density cell (a time bin) on screen


def density_parts(
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
    rows: LaneRows | None = None,
) -> dict:
    """How many events each lane holds in each time bin, for views too dense for dots.

    Bins are equally wide on screen (on a compressed axis they are cut from the time that is
    shown, cuts left out) and each event-lane row counts once, in the bin of its dot (clipped
    to the window: a span reaching in from outside counts at the edge). So the counts of a
    lane add up to the dots it would show in the same window. A cell carries its count in
    ``customdata`` as a numpy array (sent binary, which dcc.Graph's click data leaves out, so
    a click on a cell selects no event). ``rows``: the events' unordered
    :func:`lane_rows`, when the caller has them already. Only ``events.index`` is read.
    """
    view = view or ViewState()
    group_by, axis, x_range, selected = view.group, view.axis, view.window, view.event
    limits = limits or ChartLimits()
    prep = dataset.index
    positions = events.index.to_numpy()
    if rows is None:
        rows = lane_rows(events, dataset, group_by, ordered=False)
    geo = prep.geo.take(positions)
    window = parse_range(x_range)
    seen = in_window(geo, window)
    if seen.all():  # the usual case (a zoomed view is re-queried): no copies of every row
        lane, pos, in_view, shown = rows.lane, rows.frame_pos, geo, positions
    else:
        keep = seen[rows.frame_pos]
        lane, pos = rows.lane[keep], rows.frame_pos[keep]
        seen_idx = np.flatnonzero(seen)
        in_view, shown = geo.take(seen_idx), positions[seen_idx]
    if axis == "compressed":
        ends = prep.end_anchor[shown]
        whole = choose_whole(in_view, ends, width_px=width_px, window=window)
        lo, hi = occupied(in_view, ends, whole_days=whole, window=window)
        axis_plan = plan(lo, hi, window, width_px=width_px, limit=limits.max_breaks)
        breaks, window = axis_plan.breaks, axis_plan.window
    else:
        lo, hi = in_view.start, in_view.end
        breaks, window = [], window or auto_window(lo, hi, [])
    cells = _density_cells(geo.anchor, pos, lane, len(rows.names), window, breaks, width_px)
    traces = _density_traces(cells, rows.names, webgl=cells["count"].size > limits.webgl)
    if selected is not None:
        traces += _density_ring(dataset, positions, rows, geo, selected)
    layout = base_layout(
        rows.names, title=title, subtitle=subtitle, footer=footer, height=height, width_px=width_px
    )
    layout["legend"]["title"]["text"] = wrap_px(
        # events, not event-lane rows: an event in three lanes is one event
        f"{len(shown):,} events in view: zoom in to see each one. Events per lane and period: ",
        width_px,
        LEGEND_PX,
    )
    if axis == "compressed":
        ranks = prep.rank[shown]
        compressed_axis(layout, axis_plan, in_view.anchor, ranks, width_px=width_px)
    else:
        linear_axis(layout, window, in_view.anchor, width_px=width_px)
    return {"data": traces, "layout": layout}


def _density_cells(
    anchor: np.ndarray,
    pos: np.ndarray,
    lane: np.ndarray,
    n_lanes: int,
    window: tuple[float, float],
    breaks: list[tuple[float, float]],
    width_px: int,
) -> dict[str, np.ndarray]:
    """Non-empty (lane, bin) cells: count, lane, bin centre and bin edges (ms), for rows in
    ``lane`` of the events at ``pos`` in ``anchor`` (each event's bin is found once, then
    shared by its lanes)."""
    c_lo, c_hi = squeeze(np.array(window), breaks)
    n_bins = density_bins(width_px)
    width = (c_hi - c_lo) / n_bins
    at = squeeze(np.clip(anchor, *window), breaks)
    bins = np.clip(((at - c_lo) / width).astype("int64"), 0, n_bins - 1)[pos]
    counts = np.bincount(lane * n_bins + bins, minlength=n_lanes * n_bins)
    cell = np.flatnonzero(counts)
    b = cell % n_bins
    return {
        "count": counts[cell],
        "lane": cell // n_bins,
        "bin": b,
        "x": unsqueeze(c_lo + (b + 0.5) * width, breaks),
        "from": unsqueeze(c_lo + b * width, breaks),
        "to": unsqueeze(c_lo + (b + 1) * width, breaks),
    }


def density_bins(width_px: int) -> int:
    """How many time bins a density view of this width has: one a cell wide."""
    return max(8, int(width_px) // DENSITY_CELL_PX)


def counted_density_parts(
    counts: pd.DataFrame,
    *,
    lanes: tuple[str, ...],
    window: tuple[float, float],
    n_events: int,
    title: str | None = None,
    subtitle: str | None = None,
    footer: str | None = None,
    height: int | None = None,
    width_px: int = 900,
) -> dict:
    """The density view from counts an engine made: ``counts`` (``lane``, ``bin``,
    ``count``) of the events that start in each of :func:`density_bins` equal bins over
    ``window`` (ms; an event that began before it counts in the first), drawn to scale.

    For views of a dataset too large to hold: no event's place is known here, so the axis
    is linear (a compressed one cuts the empty stretches between events) and nothing is
    ringed. ``lanes``: every lane's name, in the order lanes are drawn; those with no
    count are left out, as :func:`density_parts` leaves them."""
    present = set(counts["lane"].tolist())
    names = tuple(name for name in lanes if name in present)
    bins = density_bins(width_px)
    width = (window[1] - window[0]) / bins
    b = counts["bin"].to_numpy(dtype="int64")
    cells = {
        "count": counts["count"].to_numpy(dtype="int64"),
        "lane": pd.Index(names).get_indexer(counts["lane"]),
        "bin": b,
        "x": window[0] + (b + 0.5) * width,
        "from": window[0] + b * width,
        "to": window[0] + (b + 1) * width,
    }
    keep = cells["lane"] >= 0
    cells = {key: value[keep] for key, value in cells.items()}
    layout = base_layout(
        names, title=title, subtitle=subtitle, footer=footer, height=height, width_px=width_px
    )
    layout["legend"]["title"]["text"] = wrap_px(
        f"{n_events:,} events in view, to scale: zoom in to see each one. "
        "Events per lane, by when they start (before the chart: at its edge): ",
        width_px,
        LEGEND_PX,
    )
    linear_axis(layout, window, cells["x"], width_px=width_px)
    return {"data": _density_traces(cells, names, webgl=False), "layout": layout}


def density_classes(counts: np.ndarray) -> np.ndarray:
    """Lower bounds of up to five count classes (1 first), round numbers at the quantiles."""
    if counts.size == 0:
        return np.array([1])
    quantiles = np.quantile(counts, [0.4, 0.7, 0.9, 0.98])
    nice = [_round_down_125(q) for q in quantiles if q >= 2]
    return np.unique(np.array([1, *nice], dtype="int64"))


def _round_down_125(value: float) -> int:
    """The largest of 1, 2, 5, 10, 20, 50, ... not above ``value``."""
    power = 10 ** int(np.floor(np.log10(value)))
    return max(m * power for m in (1, 2, 5) if m * power <= value)


def _period_label(lo: float, hi: float) -> str:
    """A bin's period, at a precision that suits its length: '1990–1995', 'Mar–Jun 2023',
    '3–28 Mar 2023'."""
    days = (hi - lo) / MS_PER_DAY
    unit = "Y" if days >= 3 * 365 else "M" if days >= 60 else "D"
    a = tick_label(float(int(lo)), unit).replace("<br>", " ")
    z = tick_label(float(int(hi) - 1), unit).replace("<br>", " ")
    return a if a == z else f"{a} – {z}"


def _hover_texts(cells: dict[str, np.ndarray], lanes: tuple[str, ...]) -> np.ndarray:
    """'lane<br>period' of every cell, each period written once per bin (not per cell)."""
    bins, first = np.unique(cells["bin"], return_index=True)
    periods = np.empty(int(bins.max()) + 1 if bins.size else 0, dtype=object)
    for b, i in zip(bins.tolist(), first.tolist(), strict=True):
        periods[b] = "<br>" + _period_label(float(cells["from"][i]), float(cells["to"][i]))
    names = np.array([escape_one(name) for name in lanes], dtype=object)
    return names[cells["lane"]] + periods[cells["bin"]]


def _density_traces(
    cells: dict[str, np.ndarray], lanes: tuple[str, ...], *, webgl: bool
) -> list[Trace]:
    """One square marker per non-empty cell, one trace (and legend entry) per count class."""
    counts = cells["count"]
    bounds = density_classes(counts)
    klass = np.searchsorted(bounds, counts, side="right") - 1
    shades = DENSITY_COLOURS[-len(bounds) :] if len(bounds) < 3 else DENSITY_COLOURS
    texts = _hover_texts(cells, lanes)
    traces: list[Trace] = []
    for i, low in enumerate(bounds):
        pick = klass == i
        if not pick.any():
            continue
        high = bounds[i + 1] - 1 if i + 1 < len(bounds) else None
        label = f"{low:,}+" if high is None else f"{low:,}" if high == low else f"{low:,}–{high:,}"
        traces.append(
            scatter(
                webgl=webgl,
                x=cells["x"][pick],
                y=cells["lane"][pick].astype("float64"),
                mode="markers",
                name=f"{label} event" + ("" if label == "1" else "s"),
                legendgroup="density",  # how tests and tools tell cells from dots
                marker=dict(
                    symbol="square",
                    size=DENSITY_CELL_PX - 2,
                    color=shades[min(i, len(shades) - 1)],
                    line=dict(width=0),
                ),
                # binary, so dcc.Graph's click data carries no customdata: a cell selects nothing
                customdata=counts[pick],
                hovertext=texts[pick].tolist(),
                hovertemplate="<b>%{customdata:,} events</b><br>%{hovertext}<extra></extra>",
                showlegend=True,
            )
        )
    return traces


def _density_ring(
    dataset: Dataset, positions: np.ndarray, rows: LaneRows, geo: Geometry, selected: str
) -> list[Trace]:
    """A dark ring on each lane of the selected event, so it stays findable among counts."""
    row = dataset.row_of(selected)
    at = np.flatnonzero(positions == row) if row is not None else np.zeros(0, dtype="int64")
    if at.size == 0:
        return []
    pick = rows.frame_pos == at[0]
    return [
        scatter(
            x=np.full(int(pick.sum()), geo.anchor[at[0]]),
            y=rows.lane[pick].astype("float64"),
            mode="markers",
            marker=dict(symbol="circle-open", size=20, color=INK, line=dict(width=2.5)),
            hoverinfo="skip",
            showlegend=False,
            name="selected",
        )
    ]
