"""The time axis: which empty stretches a compressed axis cuts, where its ticks go, and the
mapping between time and position on a cut axis."""

from __future__ import annotations

from datetime import date

import numpy as np

from timeline.chart.cuts import (
    MAX_BREAKS,
    PAD_DAYS,
    Plan,
    auto_window,
    clip_to_kept,
    compressed_breaks,
    occupied,
    squeeze,
    unsqueeze,
)
from timeline.chart.layout import axis_note, note_text
from timeline.chart.style import MUTED
from timeline.model.geometry import MS_PER_DAY, Geometry, ms_to_iso, precision_ranks, to_ms

__all__ = [
    "MAX_BREAKS",
    "PAD_DAYS",
    "auto_window",
    "clip_to_kept",
    "compressed_breaks",
    "occupied",
    "squeeze",
    "unsqueeze",
]

COMPRESSED_NOTE = "Compressed time: // marks a stretch without events, left out"
WINDOW_NOTE = "so is empty time at the ends of the window"
BROKEN_NOTE = "bands broken by / are not to scale (linear time compares durations)"
LINEAR_NOTE = "Time is linear: no stretch without events long enough to leave out"


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
EDGE_PX = 22  # half the widest tick label ('28 Mar'): none nearer the plot's right edge


def tick_label(ms: float, unit: str) -> str:
    """A tick label at a unit's precision: '1961', 'Sep<br>2023' or '19 Jun<br>2024'."""
    year, month, dom = _calendar_day(ms)
    if unit == "Y":
        return str(year)
    if unit == "M":
        return f"{MONTH_ABBR[month]}<br>{year}"
    return f"{dom} {MONTH_ABBR[month]}<br>{year}"


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_FIRST_DAY = date.min.toordinal() - _EPOCH_ORDINAL  # days since 1970 that ``date`` can hold
_LAST_DAY = date.max.toordinal() - _EPOCH_ORDINAL


def _calendar_day(ms: float) -> tuple[int, int, int]:
    """Year, month (0-11) and day of the month of an instant (ms since 1970, floored to its
    day as numpy does). Python's ``date`` is several times quicker than numpy scalars, and
    labels are made by the thousand; numpy covers what ``date`` cannot (before year 1)."""
    days = int(ms) // int(MS_PER_DAY)
    if _FIRST_DAY <= days <= _LAST_DAY:
        day = date.fromordinal(_EPOCH_ORDINAL + days)
        return day.year, day.month - 1, day.day
    d = np.datetime64(int(ms), "ms").astype("datetime64[D]")
    year = int(d.astype("datetime64[Y]").astype("int64")) + 1970
    month = int(d.astype("datetime64[M]").astype("int64")) % 12
    return year, month, int((d - d.astype("datetime64[M]")).astype("int64")) + 1


def _aligned(lo: float, hi: float, unit: str, n: int) -> np.ndarray:
    """Every n-th day, month or year in [lo, hi], each at its middle (ms): a tick sits where
    the dot of an event of that day, month or year sits, so a dot is on the tick naming it."""
    first = np.datetime64(int(lo), "ms").astype(f"datetime64[{unit}]") - 1
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
    kept = steps[keep]
    ms = (to_ms(kept.astype("datetime64[us]")) + to_ms((kept + 1).astype("datetime64[us]"))) / 2
    return ms[(ms >= lo) & (ms <= hi)]


def compressed_ticks(
    window: tuple[float, float],
    breaks: list[tuple[float, float]],
    anchors: np.ndarray,
    precision: np.ndarray,
    *,
    width_px: int = 900,
) -> tuple[list[float], list[str], list[str]]:
    """Tick positions, labels and units ('D', 'M', 'Y') for a cut axis: each kept stretch
    is labelled on its own.

    Every tick names a day, month or year and sits at its middle, as the dot of an event of
    that date does. A stretch with room gets calendar ticks, no finer than its finest event;
    a narrow one gets one tick, on
    the dot of its coarsest event and written at that precision ('1961', not 'Jul 1961').
    Within a stretch the year is written once, on its first tick of that year ('13 Jun<br>
    2024', '15 Jun', '17 Jun'), so day ticks fit closer together. ``precision`` holds
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
    ranks = precision_ranks(precision)
    coarsest, finest = _ranks_per_segment(segments, anchors, ranks)
    values: list[float] = []
    labels: list[str] = []
    units: list[str] = []
    for (a, b), rank, fine in zip(segments, coarsest, finest, strict=True):
        budget = int((b - a) / total * width_px // TICK_PX)
        first = "DMY"[rank]
        # days may be ticked where any event is dated to a day; a stretch of years only
        # is ticked in years (a day tick would claim a precision its events lack)
        allowed = [step for step in TICK_STEPS if "DMY".index(step[0]) >= fine]
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
            chosen = np.array([_one_tick(a, b, anchors, ranks, int(rank))])
        values += [float(v) for v in chosen]
        labels += _segment_labels(chosen, unit)
        units += [unit] * chosen.size
    keep = _thin(values, segments, total, width_px)
    return [values[i] for i in keep], [labels[i] for i in keep], [units[i] for i in keep]


def _one_tick(a: float, b: float, anchors: np.ndarray, ranks: np.ndarray, rank: int) -> float:
    """The one tick of a narrow stretch: on the dot of its coarsest event nearest the
    middle (the middle of that event's day, month or year), else the middle of the day in
    the stretch's middle."""
    mid = (a + b) / 2
    pick = (anchors >= a) & (anchors <= b) & (ranks == rank)
    if pick.any():
        found = anchors[pick]
        return float(found[np.argmin(np.abs(found - mid))])
    noon = (mid // MS_PER_DAY + 0.5) * MS_PER_DAY
    return noon if a <= noon <= b else mid


def _ranks_per_segment(
    segments: list[tuple[float, float]], anchors: np.ndarray, ranks: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The coarsest and the finest precision rank of the anchors in each segment (both 0
    where there are none)."""
    coarsest = np.zeros(len(segments), dtype="int64")
    finest = np.zeros(len(segments), dtype="int64")
    if not segments or anchors.size == 0:
        return coarsest, finest
    seg_lo = np.array([a for a, _ in segments])
    seg_hi = np.array([b for _, b in segments])
    idx = np.searchsorted(seg_lo, anchors, side="right") - 1
    safe = np.clip(idx, 0, None)
    inside = (idx >= 0) & (anchors <= seg_hi[safe])
    present = [
        np.bincount(idx[inside & (ranks == r)], minlength=len(segments)) > 0 for r in range(3)
    ]
    coarsest[present[1]] = 1
    coarsest[present[2]] = 2
    finest[present[2] & ~present[1] & ~present[0]] = 2
    finest[present[1] & ~present[0]] = 1
    return coarsest, finest


def _segment_labels(ticks: np.ndarray, unit: str) -> list[str]:
    """Labels for one stretch's ticks; the year only where it changes (and on the first)."""
    labels: list[str] = []
    last_year = ""
    for value in ticks:
        label = tick_label(float(value), unit)
        head, _, year = label.rpartition("<br>")
        if head and year == last_year:
            label = head
        last_year = year if head else label
        labels.append(label)
    return labels


def _thin(
    values: list[float],
    segments: list[tuple[float, float]],
    total: float,
    width_px: int,
) -> list[int]:
    """The ticks kept (indices): those that would not overlap the previous kept one on
    screen, left to right, nor be cut off at the plot's right edge."""
    starts = np.array([a for a, _ in segments])
    before = np.concatenate([[0.0], np.cumsum([b - a for a, b in segments])])
    kept: list[int] = []
    last = -np.inf
    for k, value in enumerate(values):
        i = max(int(np.searchsorted(starts, value, side="right")) - 1, 0)
        px = (before[i] + value - starts[i]) / total * width_px
        # a label is centred on its tick: near the right edge it would be cut off (the left
        # edge has the lane names' margin beside it)
        if px - last >= TICK_PX * 0.7 and px <= width_px - EDGE_PX:
            kept.append(k)
            last = px
    return kept


def period_starts(values: list[float], units: list[str]) -> list[float]:
    """Where the day, month or year each tick names begins (ms): the axis's gridlines, so a
    line marks the start of a period and its name sits in the middle, on its dots."""
    out = []
    for value, unit in zip(values, units, strict=True):
        start = np.datetime64(int(value), "ms").astype(f"datetime64[{unit}]")
        out.append(float(to_ms(np.array([start.astype("datetime64[us]")]))[0]))
    return out


def _duration_label(ms: float) -> str:
    days = ms / MS_PER_DAY
    if days >= 730:
        return f"{days / 365.25:.0f} years"
    if days >= 60:
        return f"{days / 30.44:.0f} months"
    return "1 day" if round(days) == 1 else f"{days:.0f} days"


def break_marks(plan: Plan) -> list[dict]:
    """A '//' on the time axis where time was cut (how much, on hover), and at an end of
    the user's window whose empty time was left out. No line across the plot: a vertical
    line would read as the connector of a multi-lane event."""
    marks = [
        _mark(lo, f"{_duration_label(hi - lo)} without events not shown", "axis-break", "center")
        for lo, hi in plan.breaks
    ]
    for side, trimmed in zip(("left", "right"), plan.trimmed, strict=True):
        if trimmed:
            at = plan.window[0] if side == "left" else plan.window[1]
            why = f"{_duration_label(trimmed)} of the window without events not shown"
            marks.append(_mark(at, why, "window-edge", side))
    return marks


def _mark(at: float, hover: str, name: str, xanchor: str) -> dict:
    return dict(
        x=ms_to_iso(at),
        y=1,  # on the time axis, which runs along the top
        xref="x",
        yref="paper",
        text="//",
        showarrow=False,
        font=dict(size=13, color=MUTED),
        bgcolor="white",
        xanchor=xanchor,
        yshift=0,
        hovertext=hover,
        name=name,
    )


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


def compressed_axis(
    layout: dict,
    plan: Plan,
    anchors: np.ndarray,
    ranks: np.ndarray,
    *,
    width_px: int,
    broken: bool = False,
) -> None:
    """Cut empty stretches (rangebreaks), mark each cut, and label each kept stretch
    (into ``layout``, a plain dict: Plotly's update machinery costs more than the figure).
    With nothing to cut the axis is linear, and its note says so; with ``broken`` bands it
    says that they are not to scale."""
    values, labels, units = compressed_ticks(
        plan.window, plan.breaks, anchors, ranks, width_px=width_px
    )
    _ticks(layout, values, labels, units)
    layout["xaxis"].update(
        rangebreaks=[dict(bounds=[ms_to_iso(a), ms_to_iso(b)]) for a, b in plan.breaks],
        range=[ms_to_iso(plan.window[0]), ms_to_iso(plan.window[1])],
        autorange=False,
        tickmode="array",
        tickvals=values,
        ticktext=labels,
    )
    cut = bool(plan.breaks) or any(plan.trimmed)
    first = COMPRESSED_NOTE if cut else LINEAR_NOTE
    parts = [
        first,
        WINDOW_NOTE if any(plan.trimmed) else "",
        BROKEN_NOTE if broken else "",
        note_text(layout),
    ]
    axis_note(layout, parts, width_px, standoff=6)
    layout["annotations"] = [*layout.get("annotations", []), *break_marks(plan)]


def _ticks(layout: dict, values: list[float], labels: list[str], units: list[str]) -> None:
    """Names at the middle of their periods, gridlines where the periods begin."""
    grid = layout["xaxis"].get("gridcolor")
    layout["xaxis"].update(
        showgrid=False,
        minor=dict(
            tickmode="array",
            tickvals=period_starts(values, units),
            showgrid=True,
            gridcolor=grid,
            ticks="",
        ),
    )


def linear_axis(
    layout: dict, window: tuple[float, float], anchors: np.ndarray, *, width_px: int
) -> None:
    """A linear time axis over ``window``, its ticks at the middle of the day, month or year
    they name, as on the compressed axis (Plotly's own date ticks sit at midnight, half a
    day off the dots)."""
    values, labels, units = compressed_ticks(
        window, [], anchors, np.zeros(anchors.size, dtype="int64"), width_px=width_px
    )
    _ticks(layout, values, labels, units)
    layout["xaxis"].update(
        range=[ms_to_iso(window[0]), ms_to_iso(window[1])],
        autorange=False,
        tickmode="array",
        tickvals=values,
        ticktext=labels,
    )
