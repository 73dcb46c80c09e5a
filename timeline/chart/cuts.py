"""What a compressed axis leaves out, and the rules that keep it honest.

- Within a kept stretch time is linear (Plotly's ``rangebreaks``), at one scale for all.
- Every dot and every short span is kept; a month, a year or a long span keeps its dot and
  its ends, and its band is drawn *broken* where it crosses a cut or the edge of the plot
  (:func:`band_pieces`), so no band runs through hidden time unmarked.
- Every kept stretch is wide enough on screen to read (:data:`MIN_STRETCH_PX`): its cut
  marks never touch, and a narrow plot gets fewer, longer cuts instead of unreadable ones.
- A zoomed window spends its width on its events: empty time at its ends is left out like
  any other (:func:`plan`), and the caption still gives the window's extent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from timeline.model.geometry import MS_PER_DAY, Geometry

SHORT_SPAN_DAYS = 45  # spans up to this long are kept whole (a summit, a campaign)
PAD_DAYS = 0.3  # empty time kept on each side of a cut
PERIOD_HALO_DAYS = 0.6  # room kept around a month's or a year's dot, so its band shows
SIDE_PAD = 0.02  # share of the shown time kept empty at each end, so no band meets the edge
MAX_BREAKS = 24  # a compressed axis cuts at most this many (the longest) empty stretches
MIN_STRETCH_PX = 48  # the narrowest kept stretch on screen: room for its one tick label
EDGE_CUT_DAYS = 2.0  # a window's empty end shorter than this is drawn, not cut


def occupied(
    geo: Geometry,
    end_anchor: np.ndarray,
    *,
    whole_days: float = SHORT_SPAN_DAYS,
    window: tuple[float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The time a compressed axis must keep, as intervals [lo, hi] (ms).

    Every dot (a month's or a year's with a little room around it, so its band shows), and
    every period up to ``whole_days`` long and every span up to that or ``SHORT_SPAN_DAYS``
    whole, so its band is drawn at its true width. A longer one keeps its dot and its end;
    its band is broken where it crosses a cut. :func:`choose_whole` picks ``whole_days``.
    In a ``window``, an event whose dot lies outside it keeps all of its time inside it: its
    band is all the window shows of it (a window inside a six-year war is not one cut).
    """
    limit = whole_days * MS_PER_DAY
    halo = np.where(geo.exact, 0.0, PERIOD_HALO_DAYS * MS_PER_DAY)
    period = ~geo.exact & (geo.first_end - geo.start <= limit)
    span = geo.span
    whole = span & (geo.end - geo.start <= max(limit, SHORT_SPAN_DAYS * MS_PER_DAY))
    day_end = geo.end - end_anchor <= MS_PER_DAY / 2  # a span ending on a day: kept to its end
    end_lo = np.where(whole, geo.start, end_anchor)
    end_hi = np.where(whole | day_end, geo.end, end_anchor)
    dot_lo = np.where(period, geo.start, geo.anchor - halo)
    dot_hi = np.where(period, geo.first_end, geo.anchor + halo)
    lo = np.concatenate([dot_lo, end_lo[span]])
    hi = np.concatenate([dot_hi, end_hi[span]])
    if window is not None:
        outside = (geo.anchor < window[0]) | (geo.anchor > window[1])
        lo = np.concatenate([lo, np.maximum(geo.start, window[0])[outside]])
        hi = np.concatenate([hi, np.minimum(geo.end, window[1])[outside]])
    return lo, hi


WHOLE_STEPS = (400.0, 31.0)  # keep years whole, else months, else neither
MIN_UNIT_PX = 14  # the finest precision in view keeps at least this width per unit


def choose_whole(
    geo: Geometry,
    end_anchor: np.ndarray,
    *,
    width_px: float,
    window: tuple[float, float] | None = None,
) -> float:
    """How long a period may be and still be kept whole: as long as the finest dates in view
    keep room to read (a day at least ``MIN_UNIT_PX`` wide where there are days), and no
    longer band in view is broken (a whole month beside a broken war would look the longer).
    A view of a few months keeps every month whole; a view of decades breaks them, so its
    days are not squeezed to nothing."""
    finest = MS_PER_DAY if geo.exact.any() else 30 * MS_PER_DAY
    if not geo.exact.any() and (geo.first_end - geo.start > 31 * MS_PER_DAY).all():
        finest = 365 * MS_PER_DAY
    longest = float(np.max(_band_lengths(geo), initial=0.0))
    for days in WHOLE_STEPS:
        if longest > max(days, SHORT_SPAN_DAYS) * MS_PER_DAY:
            continue  # a longer band would be broken: keeping this one whole would draw it
            # longer than a longer period
        lo, hi = occupied(geo, end_anchor, whole_days=days, window=window)
        if window is not None:
            lo, hi = np.clip(lo, *window), np.clip(hi, *window)
        kept = _kept_time(lo, hi)
        if kept <= 0 or width_px * finest / kept >= MIN_UNIT_PX:
            return days
    return 0.0


def _band_lengths(geo: Geometry) -> np.ndarray:
    """How long each band is (ms): a span's whole period, a month's or a year's own."""
    return np.where(
        geo.span, geo.end - geo.start, np.where(geo.exact, 0.0, geo.first_end - geo.start)
    )


def _padded(lo: np.ndarray, hi: np.ndarray, pad: float) -> tuple[np.ndarray, np.ndarray]:
    """The intervals in time order, each padded by ``pad``: starts, and the running end of
    everything so far (a gap lies between ``e[i]`` and ``s[i + 1]`` where that is positive)."""
    order = np.argsort(lo, kind="stable")
    return lo[order] - pad, np.maximum.accumulate(hi[order]) + pad


def _kept_time(lo: np.ndarray, hi: np.ndarray) -> float:
    """Total time (ms) of the union of the intervals, padded as the cuts pad them."""
    if lo.size == 0:
        return 0.0
    s, e = _padded(lo, hi, PAD_DAYS * MS_PER_DAY)
    new = np.concatenate([[True], s[1:] > e[:-1]])
    ends = np.concatenate([np.flatnonzero(new)[1:] - 1, [s.size - 1]])
    return float((e[ends] - s[new]).sum())


def compressed_breaks(
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    pad_days: float = PAD_DAYS,
    limit: int | None = None,
    width_px: float | None = None,
) -> list[tuple[float, float]]:
    """Empty stretches to cut from a compressed axis, as (from, to) in ms.

    Each kept interval [lo, hi] is padded by ``pad_days`` on both sides; every gap between
    padded intervals longer than two paddings is cut, so each side of a cut keeps a sliver of
    empty time and no dot sits on a cut. At most ``limit`` cuts (default ``MAX_BREAKS``), the
    longest. With ``width_px`` (the plot's width) every kept stretch is widened to at least
    :data:`MIN_STRETCH_PX` on screen (with real, empty time), and a plot too narrow for all
    the stretches gets fewer cuts.
    """
    ok = ~(np.isnan(lo) | np.isnan(hi))
    lo, hi = lo[ok], hi[ok]
    if lo.size == 0:
        return []
    pad = pad_days * MS_PER_DAY
    s, e = _padded(lo, hi, pad)
    gaps = s[1:] - e[:-1]
    cut = np.flatnonzero(gaps > 2 * pad)
    limit = MAX_BREAKS if limit is None else limit
    if width_px is not None:
        limit = min(limit, max(0, int(width_px / 1.25 / MIN_STRETCH_PX) - 1))
    if cut.size > limit:
        cut = np.sort(cut[np.argsort(gaps[cut], kind="stable")[-limit:]])
    breaks = [(float(e[i]), float(s[i + 1])) for i in cut]
    if width_px is not None and breaks:
        breaks = _legible(breaks, float(s[0]), float(e[-1]), width_px, pad)
    # whole milliseconds: Plotly's rangebreaks are written to the millisecond, and a band
    # point a fraction of one inside a cut would be dropped
    return [(float(np.ceil(a)), float(np.floor(b))) for a, b in breaks]


def _legible(
    breaks: list[tuple[float, float]], first: float, last: float, width_px: float, pad: float
) -> list[tuple[float, float]]:
    """Narrow the cuts beside any kept stretch thinner than ``MIN_STRETCH_PX`` on screen, so
    that it grows with the empty time around it (dropping a cut that would vanish). The scale
    changes as stretches grow, so this settles in a few rounds."""
    cuts = [list(b) for b in breaks]
    for _ in range(6):
        edges = [first, *(v for c in cuts for v in c), last]
        kept = sum(b - a for a, b in zip(edges[::2], edges[1::2], strict=True))
        min_ms = MIN_STRETCH_PX * kept / width_px
        moved = False
        for i, (a, b) in enumerate(zip(edges[::2], edges[1::2], strict=True)):
            short = (min_ms - (b - a)) / 2
            if short <= min_ms * 0.01:
                continue
            moved = True
            if i > 0:
                cuts[i - 1][1] -= short
            if i < len(cuts):
                cuts[i][0] += short
        cuts = [c for c in cuts if c[1] - c[0] > 2 * pad]
        if not moved:
            break
    return [(float(a), float(b)) for a, b in cuts]


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


def clip_to_kept(values: np.ndarray, breaks: list[tuple[float, float]], *, side: str) -> np.ndarray:
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


@dataclass(frozen=True)
class BandPieces:
    """Bands split where they cross cuts: line points (NaN between pieces) and the places
    where a band is broken (a crossed cut, or an end that lies in a cut)."""

    x: np.ndarray
    y: np.ndarray
    row: np.ndarray  # which band each point belongs to
    break_x: np.ndarray
    break_y: np.ndarray
    break_row: np.ndarray


def band_pieces(
    lo: np.ndarray,
    hi: np.ndarray,
    y: np.ndarray,
    breaks: list[tuple[float, float]],
    window: tuple[float, float] | None = None,
) -> BandPieces:
    """Each band [lo, hi) drawn only over kept time: one piece per kept stretch it covers,
    and a break wherever hidden time is inside its period (a cut, or beyond the ``window``
    drawn), so a reader never takes a band shortened by the cuts for a shorter period."""
    if window is not None:
        edge_lo, edge_hi = lo < window[0], hi > window[1]
        lo, hi = np.clip(lo, *window), np.clip(hi, *window)
        edge = [window[0]] * int(edge_lo.sum()) + [window[1]] * int(edge_hi.sum())
        edge_rows = np.concatenate([np.flatnonzero(edge_lo), np.flatnonzero(edge_hi)])
    else:
        edge, edge_rows = [], np.zeros(0, dtype="int64")
    found = _band_pieces(lo, hi, y, breaks)
    return BandPieces(
        found.x,
        found.y,
        found.row,
        np.concatenate([found.break_x, np.array(edge, dtype="float64")]),
        np.concatenate([found.break_y, y[edge_rows.astype("int64")]]),
        np.concatenate([found.break_row, edge_rows.astype("int64")]),
    )


def _band_pieces(
    lo: np.ndarray, hi: np.ndarray, y: np.ndarray, breaks: list[tuple[float, float]]
) -> BandPieces:
    n = lo.size
    if not breaks or n == 0:
        return _pieces([lo], [hi], [np.arange(n)], y, [], [])
    b_lo, b_hi, _ = _cuts(breaks)
    start = clip_to_kept(lo, breaks, side="start")
    end = clip_to_kept(hi, breaks, side="end")
    # an end moved by more than the 1 ms a cut's hidden first instant costs hides time
    cut_start, cut_end = start - lo > 1.5, hi - end > 1.5
    marks_x = [start[cut_start], end[cut_end]]
    marks_row = [np.flatnonzero(cut_start), np.flatnonzero(cut_end)]
    # cuts strictly inside a band's drawn stretch: (band, cut) pairs, few
    inside = (b_lo[None, :] > start[:, None]) & (b_hi[None, :] <= end[:, None])
    rows, cols = np.nonzero(inside)
    piece_lo, piece_hi, piece_row = [start], [end], [np.arange(n)]
    if rows.size:
        # the first piece of a crossed band ends at its first cut; each cut starts a piece
        first_cut = np.full(n, np.inf)
        np.minimum.at(first_cut, rows, b_lo[cols])
        piece_hi[0] = np.where(np.isfinite(first_cut), first_cut - 1.0, end)
        # pairs come band by band, cuts in time order: a piece ends at the band's next cut
        # or, after its last one, where the band ends
        same = np.append(rows[1:] == rows[:-1], False)
        following = b_lo[np.append(cols[1:], cols[-1])] - 1.0
        nxt = np.where(same, following, end[rows])
        piece_lo.append(b_hi[cols])
        piece_hi.append(nxt)
        piece_row.append(rows)
        marks_x.append(b_hi[cols])
        marks_row.append(rows)
    mark_rows = np.concatenate(marks_row).astype("int64")
    return _pieces(piece_lo, piece_hi, piece_row, y, marks_x, mark_rows)


def _pieces(
    los: list[np.ndarray],
    his: list[np.ndarray],
    rows: list[np.ndarray],
    y: np.ndarray,
    marks_x: list[np.ndarray],
    mark_rows: np.ndarray | list,
) -> BandPieces:
    """Line points for the pieces [lo, hi) of the bands ``rows`` (empty pieces dropped)."""
    lo, hi = np.concatenate(los), np.concatenate(his)
    row = np.concatenate(rows).astype("int64")
    keep = hi > lo
    lo, hi, row = lo[keep], hi[keep], row[keep]
    m = lo.size
    xs = np.column_stack([lo, hi, np.full(m, np.nan)]).ravel()
    ys = np.column_stack([y[row], y[row], np.full(m, np.nan)]).ravel()
    mark_rows = np.asarray(mark_rows, dtype="int64")
    mark_x = np.concatenate(marks_x) if marks_x else np.zeros(0)
    return BandPieces(xs, ys, np.repeat(row, 3), mark_x, y[mark_rows], mark_rows)


def auto_window(
    lo: np.ndarray, hi: np.ndarray, breaks: list[tuple[float, float]]
) -> tuple[float, float]:
    """Everything drawn, with a little empty time at both ends so bands do not touch the edge
    (the share is of the time actually shown, cuts left out)."""
    first, last = float(np.nanmin(lo)), float(np.nanmax(hi))
    cut = sum(b - a for a, b in breaks if first < a and b < last)
    side = max(2 * PAD_DAYS * MS_PER_DAY, SIDE_PAD * (last - first - cut))
    return first - side, last + side


@dataclass(frozen=True)
class Plan:
    """A compressed axis: the cuts, the time drawn, and how much empty time at each end of
    the user's window was left out (ms; 0 when there is no window or nothing was trimmed)."""

    breaks: list[tuple[float, float]]
    window: tuple[float, float]
    trimmed: tuple[float, float] = (0.0, 0.0)


def plan(
    lo: np.ndarray,
    hi: np.ndarray,
    window: tuple[float, float] | None,
    *,
    width_px: float,
    limit: int | None = None,
) -> Plan:
    """Where a compressed axis cuts and what it draws: the kept time of the events, inside
    the user's window when there is one, its empty ends cut like any other empty time."""
    if window is not None:
        inside = (hi >= window[0]) & (lo <= window[1])
        if inside.any():
            lo, hi = np.clip(lo[inside], *window), np.clip(hi[inside], *window)
    breaks = compressed_breaks(lo, hi, limit=limit, width_px=width_px)
    drawn = auto_window(lo, hi, breaks)
    if window is None:
        return Plan(breaks, drawn)
    edge = EDGE_CUT_DAYS * MS_PER_DAY
    left = drawn[0] - window[0] if drawn[0] - window[0] > edge else 0.0
    right = window[1] - drawn[1] if window[1] - drawn[1] > edge else 0.0
    drawn = (window[0] + left, window[1] - right)
    return Plan(breaks, drawn, (left, right))
