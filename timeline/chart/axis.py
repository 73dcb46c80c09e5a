"""The time axis: which empty stretches a compressed axis cuts, where its ticks go, and the
mapping between time and position on a cut axis."""

from __future__ import annotations

from datetime import date
from typing import Literal

import numpy as np

from timeline.chart.layout import axis_note, note_text
from timeline.chart.style import MUTED
from timeline.model.geometry import MS_PER_DAY, Geometry, ms_to_iso, precision_ranks, to_ms

SHORT_SPAN_DAYS = 45  # spans up to this long stay whole on a compressed axis
PAD_DAYS = 0.3  # empty time kept on each side of a cut
PERIOD_HALO_DAYS = 0.6  # extra room kept around a month or year dot, so its band shows
SIDE_PAD = 0.02  # share of the shown time kept empty at each end, so no band meets the edge
COMPRESSED_NOTE = "Compressed time: // marks a stretch without events, left out"
MAX_BREAKS = 24  # a compressed axis cuts at most this many (the longest) empty stretches


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
        label = tick_label(float(value), unit)
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
    b_lo, b_hi, _ = _cuts(breaks)
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


def break_marks(breaks: list[tuple[float, float]]) -> tuple[list[dict], list[dict]]:
    """A '//' on the time axis where time was cut (how much, on hover). No line across the
    plot: a vertical line would read as the connector of a multi-lane event."""
    shapes, annotations = [], []
    for lo, hi in breaks:
        at = ms_to_iso(lo)
        annotations.append(
            dict(
                x=at,
                y=1,  # on the time axis, which runs along the top
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


def _cuts(breaks: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cuts' starts and ends, and how much time the cuts before each one removed."""
    b_lo = np.array([b[0] for b in breaks])
    b_hi = np.array([b[1] for b in breaks])
    return b_lo, b_hi, np.concatenate([[0.0], np.cumsum(b_hi - b_lo)])


def squeeze(x: np.ndarray, breaks: list[tuple[float, float]]) -> np.ndarray:
    """Time with the cuts taken out: the position a compressed axis draws ``x`` at (ms)."""
    x = np.asarray(x, dtype="float64")
    if not breaks:
        return x
    b_lo, b_hi, before = _cuts(breaks)
    j = np.searchsorted(b_lo, x, side="right") - 1
    safe = np.clip(j, 0, None)
    removed = np.where(j >= 0, before[safe] + np.minimum(x, b_hi[safe]) - b_lo[safe], 0.0)
    return x - removed


def unsqueeze(c: np.ndarray, breaks: list[tuple[float, float]]) -> np.ndarray:
    """The inverse of :func:`squeeze`: always an instant that is shown (never inside a cut)."""
    c = np.asarray(c, dtype="float64")
    if not breaks:
        return c
    b_lo, _, before = _cuts(breaks)
    at = b_lo - before[:-1]  # where each cut sits on the squeezed scale
    return c + before[np.searchsorted(at, c, side="right")]


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


def auto_window(
    lo: np.ndarray, hi: np.ndarray, breaks: list[tuple[float, float]]
) -> tuple[float, float]:
    """Everything drawn, with a little empty time at both ends so bands do not touch the edge
    (the share is of the time actually shown, cuts left out)."""
    first, last = float(np.nanmin(lo)), float(np.nanmax(hi))
    cut = sum(b - a for a, b in breaks if first < a and b < last)
    side = max(2 * PAD_DAYS * MS_PER_DAY, SIDE_PAD * (last - first - cut))
    return first - side, last + side


def compressed_axis(
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
    shapes, annotations = break_marks(breaks)
    layout["xaxis"].update(
        rangebreaks=[dict(bounds=[ms_to_iso(a), ms_to_iso(b)]) for a, b in breaks],
        range=[ms_to_iso(window[0]), ms_to_iso(window[1])],
        autorange=False,
        tickmode="array",
        tickvals=values,
        ticktext=labels,
    )
    layout["shapes"] = [*layout.get("shapes", []), *shapes]
    axis_note(layout, [COMPRESSED_NOTE, note_text(layout)], width_px, standoff=6)
    layout["annotations"] = [*layout.get("annotations", []), *annotations]
