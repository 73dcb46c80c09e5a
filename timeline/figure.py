"""Pure figure building: events frame + options -> ``go.Figure``. No Dash here.

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

import textwrap
import weakref
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from timeline.dataset import Dataset

GroupBy = Literal["actor", "theme"]
AxisMode = Literal["compressed", "linear"]

# Okabe & Ito (2008), colour-blind safe; yellow (#F0E442) is left out: illegible on white.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")
OTHER_COLOUR = "#999999"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#e6e9ee"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# marker rows above which markers use WebGL: never, since the page's plotly.js (the cartesian
# bundle) has no WebGL traces, and SVG suffices: above DETAIL_LIMIT rows lanes show density
WEBGL_THRESHOLD = float("inf")
DETAIL_LIMIT = 3_000  # event-lane rows in view above which lanes show density, not dots
MAX_BREAKS = 24  # a compressed axis cuts at most this many (the longest) empty stretches
DENSITY_CELL_PX = 14  # width of one density cell (a time bin) on screen
SIDE_PAD = 0.02  # share of the shown time kept empty at each end, so no band meets the edge
CONNECTOR_LIMIT = 2_000  # multi-lane connectors are drawn up to this many events
MS_PER_DAY = 86_400_000.0
LANE_HEIGHT = 46
BAR_WIDTH = 0.34
NO_LANE = "(none)"
SHORT_SPAN_DAYS = 45  # spans up to this long stay whole on a compressed axis
PAD_DAYS = 0.3  # empty time kept on each side of a cut
PERIOD_HALO_DAYS = 0.6  # extra room kept around a month or year dot, so its band shows


def to_ms(values: np.ndarray | pd.Series) -> np.ndarray:
    """``datetime64`` values as float milliseconds since 1970 (what a Plotly date axis reads).

    Works for years 1–9999, where pandas' nanosecond timestamps would overflow.
    """
    array = np.asarray(values).astype("datetime64[ms]")
    out = array.astype("int64").astype("float64")
    out[np.isnat(array)] = np.nan
    return out


def ms_to_iso(ms: float) -> str:
    """An ISO date-time string for a millisecond value (for layout items: ranges, shapes)."""
    text = str(np.datetime64(round(ms), "ms"))
    return text.replace("T00:00:00.000", "")


def escape(values: pd.Series) -> pd.Series:
    """Text made inert for Plotly's HTML-like labels: '<script>' is shown, never parsed."""
    return (
        values.astype("str")
        .str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def _escape_one(text: str) -> str:
    """:func:`escape` for one string (no pandas round trip: lane names come one by one)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class LaneRows:
    """One row per (event, lane): the drawing unit. ``frame_pos`` indexes the events frame."""

    event: np.ndarray  # row position in dataset.events (the events frame's index)
    frame_pos: np.ndarray  # position in the events frame passed in
    lane: np.ndarray  # lane number, 0 = top
    names: tuple[str, ...]  # lane labels, in vocabulary order


def lane_rows(
    events: pd.DataFrame,
    dataset: Dataset,
    group_by: GroupBy,
    *,
    ordered: bool = True,
    lanes_of: np.ndarray | None = None,
) -> LaneRows:
    """Replicate each event into each of its lanes; lanes without events are left out.

    Plain numpy over the dataset's prepared (event, lane code) pairs, so it stays cheap at a
    million events. ``ordered`` sorts rows by event then lane (the density view skips it);
    ``lanes_of`` (row positions, a superset of the events) chooses which lanes exist, so a
    zoomed-in view keeps the lanes of the whole filtered view.
    """
    pairs_event, pairs_code, categories = _prepared(dataset).lanes[group_by]
    n = len(dataset.events)
    positions = events.index.to_numpy()
    local = np.full(n, -1, dtype="int64")
    local[positions] = np.arange(positions.size)
    frame_pos = local[pairs_event]
    pick = (frame_pos >= 0) & (pairs_code >= 0)
    frame_pos, code, event = frame_pos[pick], pairs_code[pick], pairs_event[pick]
    has = np.zeros(positions.size, dtype=bool)
    has[frame_pos] = True
    lonely = np.flatnonzero(~has)  # events with no lane entry still get drawn
    if lanes_of is None:
        used = np.flatnonzero(np.bincount(code, minlength=len(categories)))
        any_lonely = lonely.size > 0
    else:
        wide = np.zeros(n, dtype=bool)
        wide[lanes_of] = True
        wide_pick = wide[pairs_event] & (pairs_code >= 0)
        used = np.flatnonzero(np.bincount(pairs_code[wide_pick], minlength=len(categories)))
        covered = np.zeros(n, dtype=bool)
        covered[pairs_event[wide_pick]] = True
        any_lonely = lonely.size > 0 or bool((~covered[lanes_of]).any())
    remap = np.full(len(categories), -1, dtype="int64")
    remap[used] = np.arange(used.size)
    names = [categories[c] for c in used]
    lane = remap[code]
    if any_lonely:
        frame_pos = np.concatenate([frame_pos, lonely])
        event = np.concatenate([event, positions[lonely]])
        lane = np.concatenate([lane, np.full(lonely.size, len(names))])
        names.append(NO_LANE)
    if ordered:
        order = np.lexsort((lane, frame_pos))
        event, frame_pos, lane = event[order], frame_pos[order], lane[order]
    return LaneRows(event, frame_pos, lane, tuple(names))


@dataclass(frozen=True)
class _Prepared:
    """What every figure of one dataset reads, computed once: each event's geometry and
    precision ranks, and the (event, lane code) pairs of both groupings as numpy arrays."""

    geo: Geometry
    end_anchor: np.ndarray
    rank: np.ndarray
    end_rank: np.ndarray
    lanes: dict[str, tuple[np.ndarray, np.ndarray, list[str]]]


_PREPARED: dict[int, tuple[weakref.ref, _Prepared]] = {}


def _prepared(dataset: Dataset) -> _Prepared:
    """The dataset's :class:`_Prepared`, built on first use and dropped with the dataset."""
    key = id(dataset)
    cached = _PREPARED.get(key)
    if cached is not None and cached[0]() is dataset:
        return cached[1]
    events = dataset.events
    lanes = {}
    for group, long, column in (
        ("actor", dataset.event_actors, "actor"),
        ("theme", dataset.event_themes, "theme"),
    ):
        codes = long[column].cat.codes.to_numpy().astype("int64")
        names = [str(c) for c in long[column].cat.categories]
        lanes[group] = (long["event"].to_numpy().astype("int64"), codes, names)
    prepared = _Prepared(
        geo=geometry(events),
        end_anchor=_end_anchor(events),
        rank=precision_ranks(events["precision"].astype("str").to_numpy()),
        end_rank=precision_ranks(events["end_precision"].astype("str").to_numpy()),
        lanes=lanes,
    )
    _PREPARED[key] = (weakref.ref(dataset, lambda _, key=key: _PREPARED.pop(key, None)), prepared)
    return prepared


def _period_end(start: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """End (exclusive) of the day, month or year that begins at ``start``."""
    day = start.astype("datetime64[D]") + 1
    month = (start.astype("datetime64[M]") + 1).astype("datetime64[D]")
    year = (start.astype("datetime64[Y]") + 1).astype("datetime64[D]")
    out = np.where(precision == "day", day, np.where(precision == "month", month, year))
    return out.astype("datetime64[us]")


@dataclass(frozen=True)
class Geometry:
    """Per-event numbers (aligned with the events frame) the traces are drawn from."""

    start: np.ndarray  # ms, start of the event's whole period
    end: np.ndarray  # ms, exclusive end of the whole period (span end or period end)
    anchor: np.ndarray  # ms, where the dot sits: middle of the start date's period
    first_end: np.ndarray  # ms, end of the start date's own period
    exact: np.ndarray  # bool, the start date is a day
    span: np.ndarray  # bool, the event has an end_date

    def take(self, index: np.ndarray) -> Geometry:
        """The geometry of the events at these positions."""
        return Geometry(
            self.start[index],
            self.end[index],
            self.anchor[index],
            self.first_end[index],
            self.exact[index],
            self.span[index],
        )


def geometry(events: pd.DataFrame) -> Geometry:
    """Where each event is drawn, from its period and precision; vectorised."""
    start_dt = events["start"].to_numpy()
    precision = events["precision"].astype("str").to_numpy()
    first_end_dt = _period_end(start_dt, precision)
    start, first_end = to_ms(start_dt), to_ms(first_end_dt)
    end = to_ms(events["end"].to_numpy())
    span = (events["end_date"].astype("str") != "").to_numpy()
    return Geometry(
        start=start,
        end=end,
        anchor=(start + first_end) / 2,
        first_end=first_end,
        exact=precision == "day",
        span=span,
    )


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


def marker_size(n_sources: np.ndarray) -> np.ndarray:
    """Dot diameter in px: 9 for one article, +3 per further article, capped at 21."""
    return np.clip(9 + 3 * (np.asarray(n_sources, dtype="float64") - 1), 9, 21)


def theme_colours(dataset: Dataset, events: pd.DataFrame) -> tuple[np.ndarray, dict[str, str]]:
    """Colour of each event (by its first theme) and the legend: theme -> colour.

    The most frequent themes get the Okabe–Ito colours; any further ones share a grey.
    """
    first = events["themes"].str[0].astype("str").fillna("")
    counts = first.value_counts()
    ranked = [t for t in counts.index if t][: len(OKABE_ITO)]
    order = [t for t in dataset.themes if t in ranked]
    legend = {t: OKABE_ITO[ranked.index(t)] for t in order}
    colours = first.map(legend).fillna(OTHER_COLOUR).to_numpy(dtype=object)
    if (colours == OTHER_COLOUR).any():
        legend["other themes"] = OTHER_COLOUR
    return colours, legend


def stack_offsets(lane: np.ndarray, anchor: np.ndarray, spacing: float = 0.22) -> np.ndarray:
    """Small vertical offsets so events on the same day in the same lane do not hide each other."""
    if lane.size == 0:
        return np.zeros(0)
    day = np.floor(anchor / MS_PER_DAY)
    frame = pd.DataFrame({"lane": lane, "day": day})
    rank = frame.groupby(["lane", "day"], sort=False).cumcount().to_numpy()
    size = frame.groupby(["lane", "day"], sort=False)["day"].transform("size").to_numpy()
    step = np.minimum(spacing, 0.7 / np.maximum(size, 1))
    return (rank - (size - 1) / 2) * step


def _end_anchor(events: pd.DataFrame) -> np.ndarray:
    """Middle of the end date's own period (a span's last day, month or year), in ms."""
    end = events["end"].to_numpy()
    precision = events["end_precision"].astype("str").to_numpy()
    day = end.astype("datetime64[D]") - 1
    month = (end.astype("datetime64[M]") - 1).astype("datetime64[D]")
    year = (end.astype("datetime64[Y]") - 1).astype("datetime64[D]")
    first = np.where(precision == "month", month, np.where(precision == "year", year, day))
    return (to_ms(first.astype("datetime64[us]")) + to_ms(end)) / 2


def occupied(geo: Geometry, end_anchor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The instants a compressed axis must keep: every dot, and every short span whole.

    A long span or a year keeps only its ends and its dot; its band crosses the cuts, so the
    axis spends its width where events are, not on the inside of long periods.
    """
    short = geo.span & (end_anchor - geo.anchor <= SHORT_SPAN_DAYS * MS_PER_DAY)
    halo = np.where(geo.exact, 0.0, PERIOD_HALO_DAYS * MS_PER_DAY)  # room to see the band
    lo = np.concatenate([geo.anchor - halo, np.where(short, geo.anchor, end_anchor)[geo.span]])
    hi = np.concatenate([geo.anchor + halo, end_anchor[geo.span]])
    return lo, hi


def compressed_breaks(
    lo: np.ndarray, hi: np.ndarray, *, pad_days: float = PAD_DAYS, limit: int | None = None
) -> list[tuple[float, float]]:
    """Empty stretches to cut from a compressed axis, as (from, to) in ms.

    Each kept interval [lo, hi] is padded by ``pad_days`` on both sides; every gap between
    padded intervals longer than two paddings is cut, so each side of a cut keeps a sliver of
    empty time and no dot sits on a cut. At most ``limit`` cuts (default ``MAX_BREAKS``), the
    longest: every cut costs the browser a line, a label and axis work, so large data sets get
    the few cuts that matter.
    """
    ok = ~(np.isnan(lo) | np.isnan(hi))
    lo, hi = lo[ok], hi[ok]
    if lo.size == 0:
        return []
    pad = pad_days * MS_PER_DAY
    order = np.argsort(lo, kind="stable")
    s, e = lo[order] - pad, np.maximum.accumulate(hi[order]) + pad
    gaps = s[1:] - e[:-1]
    cut = np.flatnonzero(gaps > 2 * pad)
    limit = MAX_BREAKS if limit is None else limit
    if cut.size > limit:
        cut = np.sort(cut[np.argsort(gaps[cut], kind="stable")[-limit:]])
    return [(float(e[i]), float(s[i + 1])) for i in cut]


MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TICK_STEPS = (
    ("D", 1),
    ("D", 2),
    ("D", 7),
    ("M", 1),
    ("M", 3),
    ("M", 6),
    *(("Y", n) for n in (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)),
)
TICK_PX = 64  # room for one tick label


def _tick_label(ms: float, unit: str) -> str:
    """A tick label at a unit's precision: '1961', 'Sep<br>2023' or '19 Jun<br>2024'."""
    day = np.datetime64(int(ms), "ms").astype("datetime64[D]")
    year = int(day.astype("datetime64[Y]").astype("int64")) + 1970
    month = int(day.astype("datetime64[M]").astype("int64")) % 12
    if unit == "Y":
        return str(year)
    if unit == "M":
        return f"{MONTH_ABBR[month]}<br>{year}"
    dom = int((day - day.astype("datetime64[M]")).astype("int64")) + 1
    return f"{dom} {MONTH_ABBR[month]}<br>{year}"


def _aligned(lo: float, hi: float, unit: str, n: int) -> np.ndarray:
    """Calendar-aligned instants in [lo, hi] every n days, months or years (ms)."""
    first = np.datetime64(int(lo), "ms").astype(f"datetime64[{unit}]")
    last = np.datetime64(int(hi), "ms").astype(f"datetime64[{unit}]") + 1
    if int((last - first).astype("int64")) > 5_000:
        return np.zeros(0)
    steps = np.arange(first, last)
    index = steps.astype("int64")
    if unit == "D" and n == 7:
        month_start = steps.astype("datetime64[M]").astype("datetime64[D]")
        keep = (steps - month_start).astype("int64") % 7 == 0
    elif unit == "Y":
        keep = (index + 1970) % n == 0
    else:
        keep = index % n == 0
    ms = to_ms(steps[keep].astype("datetime64[us]"))
    return ms[(ms >= lo) & (ms <= hi)]


def precision_ranks(precision: np.ndarray) -> np.ndarray:
    """0 for a day, 1 for a month, 2 for a year (integer arrays are taken as ranks already)."""
    values = np.asarray(precision)
    if values.dtype.kind in "iu":
        return values
    values = values.astype("str")
    return np.where(values == "year", 2, np.where(values == "month", 1, 0))


def compressed_ticks(
    window: tuple[float, float],
    breaks: list[tuple[float, float]],
    anchors: np.ndarray,
    precision: np.ndarray,
    *,
    width_px: int = 900,
) -> tuple[list[float], list[str]]:
    """Tick positions and labels for a cut axis: each kept stretch is labelled on its own.

    A stretch with room gets calendar ticks; a narrow one gets one tick in its middle,
    written at the coarsest precision of its events ('1961', not 'Jul 1961'). Within a
    stretch the year is written once, on its first tick of that year ('13 Jun<br>2024',
    '15 Jun', '17 Jun'), so day ticks fit closer together. ``precision`` holds
    'day'/'month'/'year' or their :func:`precision_ranks`.
    """
    lo, hi = window
    edges = [lo]
    for b_lo, b_hi in breaks:
        if lo < b_lo and b_hi < hi:
            edges += [b_lo, b_hi]
    edges.append(hi)
    segments = [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b > a]
    total = sum(b - a for a, b in segments) or 1.0
    coarsest = _coarsest_per_segment(segments, anchors, precision_ranks(precision))
    values: list[float] = []
    labels: list[str] = []
    for (a, b), rank in zip(segments, coarsest, strict=True):
        budget = int((b - a) / total * width_px // TICK_PX)
        first = "DMY"[rank]
        allowed = [step for step in TICK_STEPS if "DMY".index(step[0]) >= rank]
        chosen: np.ndarray = np.zeros(0)
        unit = first
        if budget >= 2:
            for unit, n in allowed:
                ticks = _aligned(a, b, unit, n)
                if 2 <= ticks.size <= budget:
                    chosen = ticks
                    break
        if chosen.size == 0:
            unit = first
            chosen = np.array([(a + b) / 2])
        values += [float(v) for v in chosen]
        labels += _segment_labels(chosen, unit)
    return _thin(values, labels, segments, total, width_px)


def _coarsest_per_segment(
    segments: list[tuple[float, float]], anchors: np.ndarray, ranks: np.ndarray
) -> np.ndarray:
    """The coarsest precision rank of the anchors in each segment (0 where there are none)."""
    out = np.zeros(len(segments), dtype="int64")
    if not segments or anchors.size == 0:
        return out
    seg_lo = np.array([a for a, _ in segments])
    seg_hi = np.array([b for _, b in segments])
    idx = np.searchsorted(seg_lo, anchors, side="right") - 1
    safe = np.clip(idx, 0, None)
    inside = (idx >= 0) & (anchors <= seg_hi[safe])
    for rank in (1, 2):
        pick = inside & (ranks == rank)
        present = np.bincount(idx[pick], minlength=len(segments)) > 0
        out[present] = rank
    return out


def _segment_labels(ticks: np.ndarray, unit: str) -> list[str]:
    """Labels for one stretch's ticks; the year only where it changes (and on the first)."""
    labels: list[str] = []
    last_year = ""
    for value in ticks:
        label = _tick_label(float(value), unit)
        head, _, year = label.rpartition("<br>")
        if head and year == last_year:
            label = head
        last_year = year if head else label
        labels.append(label)
    return labels


def _thin(
    values: list[float],
    labels: list[str],
    segments: list[tuple[float, float]],
    total: float,
    width_px: int,
) -> tuple[list[float], list[str]]:
    """Drop ticks that would overlap the previous kept one on screen (left to right)."""
    starts = np.array([a for a, _ in segments])
    before = np.concatenate([[0.0], np.cumsum([b - a for a, b in segments])])
    kept_v: list[float] = []
    kept_l: list[str] = []
    last = -np.inf
    for value, label in zip(values, labels, strict=True):
        i = max(int(np.searchsorted(starts, value, side="right")) - 1, 0)
        px = (before[i] + value - starts[i]) / total * width_px
        if px - last >= TICK_PX * 0.7:
            kept_v.append(value)
            kept_l.append(label)
            last = px
    return kept_v, kept_l


def clip_to_kept(
    values: np.ndarray, breaks: list[tuple[float, float]], *, side: Literal["start", "end"]
) -> np.ndarray:
    """Move band ends that fall inside a cut to the cut's edge, so the band is still drawn
    (Plotly drops line points inside rangebreaks): starts to the cut's end, ends to its start."""
    if not breaks:
        return values
    b_lo = np.array([b[0] for b in breaks])
    b_hi = np.array([b[1] for b in breaks])
    idx = np.searchsorted(b_lo, values, side="right") - 1
    safe = np.clip(idx, 0, None)
    inside = (idx >= 0) & (values < b_hi[safe])
    # a cut is [from, to): its 'from' instant is already hidden, so stop 1 ms before it
    edge = b_hi[safe] if side == "start" else b_lo[safe] - 1.0
    return np.where(inside, edge, values)


def _duration_label(ms: float) -> str:
    days = ms / MS_PER_DAY
    if days >= 730:
        return f"{days / 365.25:.0f} years"
    if days >= 60:
        return f"{days / 30.44:.0f} months"
    return f"{days:.0f} days"


def _break_marks(breaks: list[tuple[float, float]]) -> tuple[list[dict], list[dict]]:
    """A dashed line and a '//' label where time was cut, with how much on hover."""
    shapes, annotations = [], []
    for lo, hi in breaks:
        at = ms_to_iso(lo)
        shapes.append(
            dict(
                type="line",
                xref="x",
                yref="paper",
                x0=at,
                x1=at,
                y0=0,
                y1=1,
                line=dict(color="#b8c1cc", width=1, dash="dot"),
                layer="below",
            )
        )
        annotations.append(
            dict(
                x=at,
                y=0,
                xref="x",
                yref="paper",
                text="//",
                showarrow=False,
                font=dict(size=13, color=MUTED),
                bgcolor="white",
                yshift=0,
                hovertext=f"{_duration_label(hi - lo)} without events not shown",
                name="axis-break",
            )
        )
    return shapes, annotations


def _marker_trace(
    x: np.ndarray, y: np.ndarray, *, name: str, webgl: bool, **kwargs: object
) -> go.Scatter | go.Scattergl:
    cls = go.Scattergl if webgl else go.Scatter
    return cls(x=x, y=y, name=name, mode="markers", showlegend=False, _validate=False, **kwargs)


def _band_traces(
    lo: np.ndarray, hi: np.ndarray, y: np.ndarray, colour: np.ndarray, *, kind: str, webgl: bool
) -> list[go.Scatter | go.Scattergl]:
    """Horizontal bands (one line segment per row), one trace per colour.

    Lines rather than bars: Plotly draws bars with zero width on an axis with rangebreaks.
    The dots carry hover and clicks; bands only show the period.
    """
    faded = kind == "period"
    cls = go.Scattergl if webgl else go.Scatter
    traces = []
    for value in pd.unique(colour):
        pick = colour == value
        n = int(pick.sum())
        xs = np.column_stack([lo[pick], hi[pick], np.full(n, np.nan)]).ravel()
        ys = np.column_stack([y[pick], y[pick], np.full(n, np.nan)]).ravel()
        traces.append(
            cls(
                _validate=False,
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


def _connectors(lane_y: np.ndarray, frame_pos: np.ndarray, anchor: np.ndarray) -> go.Scatter:
    """A faint vertical line joining the copies of an event that sits in several lanes."""
    frame = pd.DataFrame({"pos": frame_pos, "y": lane_y})
    span = frame.groupby("pos", sort=True)["y"].agg(["min", "max", "size"])
    span = span[span["size"] > 1]
    x_at = anchor[span.index.to_numpy()]
    n = len(span)
    xs = np.column_stack([x_at, x_at, np.full(n, np.nan)]).ravel()
    ys = np.column_stack([span["min"], span["max"], np.full(n, np.nan)]).ravel()
    return go.Scatter(
        _validate=False,
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color="#9aa5b1", width=1, dash="dot"),
        hoverinfo="skip",
        showlegend=False,
        name="same event",
    )


def _legend_entries(colours: dict[str, str]) -> list[go.Scatter]:
    """Legend-only traces: theme colours, then what the dot shapes and sizes mean."""
    entries = [
        go.Scatter(
            _validate=False,
            x=[None],
            y=[None],
            mode="markers",
            marker=dict(color=colour, size=10),
            name=_escape_one(theme),
        )
        for theme, colour in colours.items()
    ]
    styles = [
        ("exact day", dict(symbol="circle", color=MUTED, size=10)),
        ("month or year", dict(symbol="circle-open", color=MUTED, size=10)),
        ("more sources: larger", dict(symbol="circle", color=MUTED, size=16)),
    ]
    entries += [
        go.Scatter(
            _validate=False,
            x=[None],
            y=[None],
            mode="markers",
            marker=dict(line=dict(width=2, color=MUTED), **marker),
            name=name,
        )
        for name, marker in styles
    ]
    return entries


def _wrap(text: str, width: int = 150) -> str:
    return "<br>".join(textwrap.wrap(_escape_one(text), width=width)) or ""


def timeline_figure(
    events: pd.DataFrame,
    *,
    dataset: Dataset,
    group_by: GroupBy = "actor",
    axis: AxisMode = "compressed",
    title: str | None = None,
    subtitle: str | None = None,
    footer: str | None = None,
    x_range: tuple[str, str] | None = None,
    height: int | None = None,
    selected: str | None = None,
    width_px: int = 900,
) -> go.Figure:
    """The timeline of ``events`` (rows of ``dataset.events``, index = row position; when
    many, only the index and ``id`` are read, so a caller may pass just those columns).

    Lanes on y (one per actor or theme, vocabulary order), time on x. ``selected`` (an event
    id) is ringed. ``title``/``subtitle``/``footer`` are for exports (filters, citations).
    ``x_range`` (ISO dates) zooms; ``width_px`` (the plot's expected width) spaces the ticks
    of a compressed axis.

    Level of detail: when more than ``DETAIL_LIMIT`` event-lane rows are in view, each lane
    shows how many events fall in each time bin (:func:`density_figure`); otherwise every
    event is drawn. A zoomed view of a large selection is re-queried: only the events that
    overlap ``x_range`` are drawn (the lanes stay those of the whole selection).
    """
    if events.empty:
        return empty_figure("No events match these filters.", title=title, height=height)
    rows = lane_rows(events, dataset, group_by, ordered=False)
    window = parse_range(x_range)
    options = dict(
        dataset=dataset,
        group_by=group_by,
        axis=axis,
        title=title,
        subtitle=subtitle,
        footer=footer,
        x_range=x_range,
        height=height,
        selected=selected,
        width_px=width_px,
    )
    positions = events.index.to_numpy()
    if rows.event.size <= DETAIL_LIMIT:
        return _detail_figure(_full_rows(events, dataset), **options)  # type: ignore[arg-type]
    seen = in_window(_prepared(dataset).geo.take(positions), window)
    if int(seen[rows.frame_pos].sum()) > DETAIL_LIMIT:
        return density_figure(events, **options)  # type: ignore[arg-type]
    shown = dataset.events.iloc[positions[seen]]
    if shown.empty:
        return empty_figure("No events in this stretch of time: zoom out.", height=height)
    return _detail_figure(shown, lanes_of=events.index.to_numpy(), **options)  # type: ignore[arg-type]


def _full_rows(events: pd.DataFrame, dataset: Dataset) -> pd.DataFrame:
    """Every column of these events (a caller may pass only some: dense views read just the
    row positions)."""
    if set(dataset.events.columns) <= set(events.columns):
        return events
    return dataset.events.iloc[events.index.to_numpy()]


def parse_range(x_range: tuple[str, str] | None) -> tuple[float, float] | None:
    """An x range (ISO date-times, as Plotly reports them) in ms; None if absent or invalid."""
    if x_range is None:
        return None
    try:
        lo, hi = to_ms(np.array([str(v).replace(" ", "T") for v in x_range], "datetime64[ms]"))
    except (TypeError, ValueError):
        return None
    if np.isnan(lo) or np.isnan(hi) or hi <= lo:
        return None
    return float(lo), float(hi)


def in_window(geo: Geometry, window: tuple[float, float] | None) -> np.ndarray:
    """Events whose whole period overlaps the window (all of them when there is none): the
    same rule as the date filter, so a span that began before the window is still in view."""
    if window is None:
        return np.ones(geo.start.size, dtype=bool)
    return (geo.start < window[1]) & (geo.end > window[0])


def _auto_window(
    lo: np.ndarray, hi: np.ndarray, breaks: list[tuple[float, float]]
) -> tuple[float, float]:
    """Everything drawn, with a little empty time at both ends so bands do not touch the edge
    (the share is of the time actually shown, cuts left out)."""
    first, last = float(np.nanmin(lo)), float(np.nanmax(hi))
    cut = sum(b - a for a, b in breaks if first < a and b < last)
    side = max(2 * PAD_DAYS * MS_PER_DAY, SIDE_PAD * (last - first - cut))
    return first - side, last + side


def _detail_figure(
    events: pd.DataFrame,
    *,
    dataset: Dataset,
    group_by: GroupBy,
    axis: AxisMode,
    title: str | None,
    subtitle: str | None,
    footer: str | None,
    x_range: tuple[str, str] | None,
    height: int | None,
    selected: str | None,
    width_px: int,
    lanes_of: np.ndarray | None = None,
) -> go.Figure:
    """Every event drawn: dots, bands, connectors, hover text and click targets."""
    rows = lane_rows(events, dataset, group_by, lanes_of=lanes_of)
    geo = geometry(events)
    k = rows.frame_pos
    y = rows.lane + stack_offsets(rows.lane, geo.anchor[k])
    colours, legend = theme_colours(dataset, events)
    webgl = len(k) > WEBGL_THRESHOLD
    breaks: list[tuple[float, float]] = []
    end_anchor = _end_anchor(events)
    if axis == "compressed":
        lo, hi = occupied(geo, end_anchor)
        breaks = compressed_breaks(lo, hi)
        # a span ending on a day is shown to its very end (a longer end period keeps its dot)
        day_end = geo.span & (geo.end - end_anchor <= MS_PER_DAY / 2)
        hi = np.concatenate([hi, geo.end[day_end]])
    else:
        lo, hi = geo.start, geo.end

    traces: list[go.BaseTraceType] = []
    if len(events) <= CONNECTOR_LIMIT:
        traces.append(_connectors(y, k, geo.anchor))
    for kind, pick, band_end in (
        ("period", ~geo.exact & ~geo.span, geo.first_end),
        ("span", geo.span, geo.end),
    ):
        rows_pick = pick[k]
        if rows_pick.any():
            band_lo = clip_to_kept(geo.start[k][rows_pick], breaks, side="start")
            band_hi = clip_to_kept(band_end[k][rows_pick], breaks, side="end")
            traces += _band_traces(
                band_lo, band_hi, y[rows_pick], colours[k][rows_pick], kind=kind, webgl=webgl
            )
    traces += _dot_traces(events, rows, geo, y, colours, webgl=webgl)
    if selected is not None:
        traces += _selection_ring(events, rows, geo, y, selected)
    traces += _legend_entries(legend)
    layout = _layout(rows.names, title=title, subtitle=subtitle, footer=footer, height=height)
    window = parse_range(x_range) or _auto_window(lo, hi, breaks)
    if axis == "compressed":
        # a stretch holding a year (a dot, or a span's end) is labelled by its year only
        anchors = np.concatenate([geo.anchor, end_anchor[geo.span]])
        ranks = np.concatenate(
            [
                precision_ranks(events["precision"].astype("str").to_numpy()),
                precision_ranks(events["end_precision"].astype("str").to_numpy())[geo.span],
            ]
        )
        _compressed_axis(layout, window, breaks, anchors, ranks, width_px=width_px)
    elif x_range is not None:
        layout["xaxis"].update(range=list(x_range), autorange=False)
    else:
        layout["xaxis"].update(range=[ms_to_iso(window[0]), ms_to_iso(window[1])], autorange=False)
    return go.Figure(data=traces, layout=layout, _validate=False)


DENSITY_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues


def density_figure(
    events: pd.DataFrame,
    *,
    dataset: Dataset,
    group_by: GroupBy = "actor",
    axis: AxisMode = "compressed",
    title: str | None = None,
    subtitle: str | None = None,
    footer: str | None = None,
    x_range: tuple[str, str] | None = None,
    height: int | None = None,
    selected: str | None = None,
    width_px: int = 900,
) -> go.Figure:
    """How many events each lane holds in each time bin, for views too dense for dots.

    Bins are equally wide on screen (on a compressed axis they are cut from the time that is
    shown, cuts left out) and each event-lane row counts once, in the bin of its dot (clipped
    to the window: a span reaching in from outside counts at the edge). So the counts of a
    lane add up to the dots it would show in the same window. A cell carries its count in
    ``customdata`` as a numpy array (sent binary, which dcc.Graph's click data leaves out, so
    a click on a cell selects no event).
    """
    prep = _prepared(dataset)
    positions = events.index.to_numpy()
    rows = lane_rows(events, dataset, group_by, ordered=False)
    geo = prep.geo.take(positions)
    window = parse_range(x_range)
    seen = in_window(geo, window)
    keep = seen[rows.frame_pos]
    lane, pos = rows.lane[keep], rows.frame_pos[keep]
    seen_idx = np.flatnonzero(seen)
    breaks: list[tuple[float, float]] = []
    if axis == "compressed":
        lo, hi = occupied(geo.take(seen_idx), prep.end_anchor[positions[seen_idx]])
        if window is not None:
            lo, hi = np.clip(lo, *window), np.clip(hi, *window)
        breaks = compressed_breaks(lo, hi)
    else:
        lo, hi = geo.start[seen_idx], geo.end[seen_idx]
    window = window or _auto_window(lo, hi, breaks)
    cells = _density_cells(geo.anchor[pos], lane, len(rows.names), window, breaks, width_px)
    traces = _density_traces(cells, rows.names, webgl=cells["count"].size > WEBGL_THRESHOLD)
    if selected is not None:
        traces += _density_ring(events, rows, geo, selected)
    layout = _layout(rows.names, title=title, subtitle=subtitle, footer=footer, height=height)
    layout["legend"]["title"]["text"] = (
        f"{int(keep.sum()):,} events in view: zoom in to see each one. Events per lane and period: "
    )
    if axis == "compressed":
        ranks = prep.rank[positions[seen_idx]]
        _compressed_axis(layout, window, breaks, geo.anchor[seen_idx], ranks, width_px=width_px)
    else:
        layout["xaxis"].update(range=[ms_to_iso(window[0]), ms_to_iso(window[1])], autorange=False)
    return go.Figure(data=traces, layout=layout, _validate=False)


def squeeze(x: np.ndarray, breaks: list[tuple[float, float]]) -> np.ndarray:
    """Time with the cuts taken out: the position a compressed axis draws ``x`` at (ms)."""
    x = np.asarray(x, dtype="float64")
    if not breaks:
        return x
    b_lo = np.array([b[0] for b in breaks])
    b_hi = np.array([b[1] for b in breaks])
    before = np.concatenate([[0.0], np.cumsum(b_hi - b_lo)])
    j = np.searchsorted(b_lo, x, side="right") - 1
    safe = np.clip(j, 0, None)
    removed = np.where(j >= 0, before[safe] + np.minimum(x, b_hi[safe]) - b_lo[safe], 0.0)
    return x - removed


def unsqueeze(c: np.ndarray, breaks: list[tuple[float, float]]) -> np.ndarray:
    """The inverse of :func:`squeeze`: always an instant that is shown (never inside a cut)."""
    c = np.asarray(c, dtype="float64")
    if not breaks:
        return c
    b_lo = np.array([b[0] for b in breaks])
    b_hi = np.array([b[1] for b in breaks])
    before = np.concatenate([[0.0], np.cumsum(b_hi - b_lo)])
    at = b_lo - before[:-1]  # where each cut sits on the squeezed scale
    return c + before[np.searchsorted(at, c, side="right")]


def _density_cells(
    anchor: np.ndarray,
    lane: np.ndarray,
    n_lanes: int,
    window: tuple[float, float],
    breaks: list[tuple[float, float]],
    width_px: int,
) -> dict[str, np.ndarray]:
    """Non-empty (lane, bin) cells: count, lane, bin centre and bin edges (ms)."""
    c_lo, c_hi = squeeze(np.array(window), breaks)
    n_bins = max(8, int(width_px) // DENSITY_CELL_PX)
    width = (c_hi - c_lo) / n_bins
    at = squeeze(np.clip(anchor, *window), breaks)
    bins = np.clip(((at - c_lo) / width).astype("int64"), 0, n_bins - 1)
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
    first = np.datetime64(int(lo), "ms").astype("datetime64[D]")
    last = np.datetime64(int(hi) - 1, "ms").astype("datetime64[D]")
    days = (hi - lo) / MS_PER_DAY
    unit = "Y" if days >= 3 * 365 else "M" if days >= 60 else "D"
    a = _tick_label(float(first.astype("datetime64[ms]").astype("int64")), unit)
    z = _tick_label(float(last.astype("datetime64[ms]").astype("int64")), unit)
    a, z = a.replace("<br>", " "), z.replace("<br>", " ")
    return a if a == z else f"{a} – {z}"


def _density_traces(
    cells: dict[str, np.ndarray], lanes: tuple[str, ...], *, webgl: bool
) -> list[go.BaseTraceType]:
    """One square marker per non-empty cell, one trace (and legend entry) per count class."""
    counts = cells["count"]
    bounds = density_classes(counts)
    klass = np.searchsorted(bounds, counts, side="right") - 1
    shades = DENSITY_COLOURS[-len(bounds) :] if len(bounds) < 3 else DENSITY_COLOURS
    periods: dict[int, str] = {}
    for b, lo, hi in zip(cells["bin"], cells["from"], cells["to"], strict=True):
        if int(b) not in periods:
            periods[int(b)] = _period_label(float(lo), float(hi))
    names = [_escape_one(name) for name in lanes]
    cls = go.Scattergl if webgl else go.Scatter
    traces: list[go.BaseTraceType] = []
    for i, low in enumerate(bounds):
        pick = klass == i
        if not pick.any():
            continue
        high = bounds[i + 1] - 1 if i + 1 < len(bounds) else None
        label = f"{low:,}+" if high is None else f"{low:,}" if high == low else f"{low:,}–{high:,}"
        where = [
            f"{names[lane]}<br>{periods[int(b)]}"
            for lane, b in zip(cells["lane"][pick], cells["bin"][pick], strict=True)
        ]
        traces.append(
            cls(
                _validate=False,  # per-item checks of hundreds of cells cost more than the rest
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
                hovertext=where,
                hovertemplate="<b>%{customdata:,} events</b><br>%{hovertext}<extra></extra>",
                showlegend=True,
            )
        )
    return traces


def _density_ring(
    events: pd.DataFrame, rows: LaneRows, geo: Geometry, selected: str
) -> list[go.Scatter]:
    """A dark ring on each lane of the selected event, so it stays findable among counts."""
    at = np.flatnonzero(events["id"].to_numpy() == selected)
    if at.size == 0:
        return []
    pick = rows.frame_pos == at[0]
    return [
        go.Scatter(
            _validate=False,
            x=np.full(int(pick.sum()), geo.anchor[at[0]]),
            y=rows.lane[pick].astype("float64"),
            mode="markers",
            marker=dict(symbol="circle-open", size=20, color=INK, line=dict(width=2.5)),
            hoverinfo="skip",
            showlegend=False,
            name="selected",
        )
    ]


def _dot_traces(
    events: pd.DataFrame,
    rows: LaneRows,
    geo: Geometry,
    y: np.ndarray,
    colours: np.ndarray,
    *,
    webgl: bool,
) -> list[go.Scatter | go.Scattergl]:
    """Filled dots for exact days, hollow ones for months and years; size = sources."""
    k = rows.frame_pos
    hover = hover_text(events)[k]
    colour = colours[k]
    sizes = marker_size(events["n_sources"].to_numpy())[k]
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


def _selection_ring(
    events: pd.DataFrame, rows: LaneRows, geo: Geometry, y: np.ndarray, selected: str
) -> list[go.Scatter]:
    """A dark ring around every copy of the selected event."""
    k = rows.frame_pos
    chosen = events["id"].to_numpy()[k] == selected
    if not chosen.any():
        return []
    sizes = marker_size(events["n_sources"].to_numpy())[k][chosen]
    return [
        go.Scatter(
            _validate=False,
            x=geo.anchor[k][chosen],
            y=y[chosen],
            mode="markers",
            marker=dict(symbol="circle-open", size=sizes + 12, color=INK, line=dict(width=2.5)),
            hoverinfo="skip",
            showlegend=False,
            name="selected",
        )
    ]


def _compressed_axis(
    layout: dict,
    window: tuple[float, float],
    breaks: list[tuple[float, float]],
    anchors: np.ndarray,
    ranks: np.ndarray,
    *,
    width_px: int,
) -> None:
    """Cut empty stretches (rangebreaks), mark each cut, and label each kept stretch
    (into ``layout``, a plain dict: Plotly's update machinery costs more than the figure)."""
    values, labels = compressed_ticks(window, breaks, anchors, ranks, width_px=width_px)
    shapes, annotations = _break_marks(breaks)
    layout["xaxis"].update(
        rangebreaks=[dict(bounds=[ms_to_iso(a), ms_to_iso(b)]) for a, b in breaks],
        range=[ms_to_iso(window[0]), ms_to_iso(window[1])],
        autorange=False,
        tickmode="array",
        tickvals=values,
        ticktext=labels,
    )
    layout["shapes"] = [*layout.get("shapes", []), *shapes]
    layout["annotations"] = [*layout.get("annotations", []), *annotations]


def _layout(
    lanes: tuple[str, ...],
    *,
    title: str | None,
    subtitle: str | None,
    footer: str | None,
    height: int | None,
) -> dict:
    """Axes, fonts, margins and the optional title, subtitle and footer, as one plain dict
    (one figure construction instead of several validated ``update_*`` calls)."""
    n = len(lanes)
    top = 70 + (34 if title else 0) + (20 if subtitle else 0)
    footer_text = _wrap(footer) if footer else ""
    bottom = 40 + (16 * (footer_text.count("<br>") + 1) + 30 if footer_text else 0)
    layout: dict = dict(
        height=height or max(280, top + bottom + LANE_HEIGHT * n),
        margin=dict(l=10, r=16, t=top, b=bottom),
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(family=FONT, size=13, color=INK),
        hovermode="closest",
        hoverlabel=dict(bgcolor="white", font=dict(family=FONT, size=13, color=INK)),
        dragmode="zoom",
        barmode="overlay",
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            y=1.0,
            yanchor="bottom",
            font=dict(size=12),
            itemclick=False,
            itemdoubleclick=False,
            title=dict(text="Colour: first theme ", font=dict(size=12, color=MUTED)),
            tracegroupgap=0,
        ),
        showlegend=True,
    )
    if title:
        layout.update(
            title=dict(
                text=_escape_one(title),
                x=0.01,
                xanchor="left",
                y=0.98,
                yanchor="top",
                yref="container",
                font=dict(size=20),
                subtitle=dict(text=_escape_one(subtitle or ""), font=dict(size=13, color=MUTED)),
            )
        )
    if footer_text:
        layout["annotations"] = [
            dict(
                text=footer_text,
                xref="paper",
                yref="paper",
                x=0,
                y=0,
                xanchor="left",
                yanchor="top",
                yshift=-50,
                align="left",
                showarrow=False,
                font=dict(size=11, color=MUTED),
                name="footer",
            )
        ]
    layout["xaxis"] = dict(
        type="date",
        showgrid=True,
        gridcolor=GRID,
        linecolor="#c5ccd6",
        ticks="outside",
        tickcolor="#c5ccd6",
        automargin=True,
        title={},
    )
    layout["yaxis"] = dict(
        tickmode="array",
        tickvals=list(range(n)),
        ticktext=[_escape_one(name) for name in lanes],
        range=[n - 0.5, -0.5],
        autorange=False,
        fixedrange=True,
        showgrid=True,
        gridcolor=GRID,
        zeroline=False,
        automargin=True,
        ticks="",
        title={},
    )
    return layout


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
                text=_escape_one(message),
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
        fig.update_layout(title=dict(text=_escape_one(title), x=0.01, xanchor="left"))
    return fig
