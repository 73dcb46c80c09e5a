"""Event labels on the chart: short texts placed so that none overlaps another or hides a mark.

Each event is labelled once, in the first of its lanes, on a row above its dot joined to it by
a thin leader line. Rows stack within a lane when events are close in time: a label goes on
the lowest row where its box is free, where no other event's leader crosses it, and where its
own leader crosses no label. Events are placed by priority (``importance``, then number of
sources, then time); when the rows allowed are full, the rest stay unlabelled and are
counted. Placement is computed in screen pixels from the plot's expected size, so the same
code serves the app and every export size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

LABEL_FONT = 11  # px
ROW_PX = 16  # one label row
DOT_ZONE_PX = 26  # the part of a lane where its dots and bands are drawn
LANE_PAD_PX = 6  # empty space at the top of a lane
MAX_CHARS = 40  # a title is shortened to about this many characters
GAP_PX = 6  # between two labels on one row
TOP_PAD_PX = 20  # room under the time axis for its // marks
MAX_ROWS = 12  # label rows a lane may grow to when not every event can be labelled
LABEL_ALL = 40  # up to this many events in view are all labelled
GROW_SLACK_PX = 12  # room a label grown to its whole title leaves at the plot's right edge

# Advance widths as a share of the font size, for a sans-serif such as Arial/Helvetica; a
# little generous, so a label drawn in the real font is never wider than its box.
_NARROW = set("il.,:;'|!()[]{}ftjrI1 ")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float = LABEL_FONT) -> float:
    """Estimated width in px of ``text`` drawn at ``size`` px in a sans-serif font."""
    units = 0.0
    for ch in text:
        if ch in _NARROW:
            units += 0.34
        elif ch in _WIDE:
            units += 0.92
        elif ch.isupper() or ch.isdigit():
            units += 0.68
        else:
            units += 0.58
    return units * size + 4


def short_label(title: str, limit: int = MAX_CHARS) -> str:
    """A title cut at a word boundary to about ``limit`` characters, with an ellipsis."""
    title = " ".join(str(title).split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:  # at a word: 'German reunificati…' says less than 'German…'
        cut = cut[:space]
    return cut.rstrip(" ,;:–-.") + "…"


def label_chars(plot_width: float) -> int:
    """How long a shortened title may be: shorter on a narrow plot, so labels stay legible."""
    return int(min(MAX_CHARS, max(16, plot_width / 24)))


def label_texts(events: pd.DataFrame, *, max_chars: int = MAX_CHARS) -> np.ndarray:
    """Each event's label: the ``label`` column where given, else its title shortened to
    ``max_chars``, with the number of source articles that report it."""
    own = events["label"].astype("str").str.strip() if "label" in events else None
    texts = []
    for i, (title, n) in enumerate(zip(events["title"], events["n_sources"], strict=True)):
        text = own.iloc[i] if own is not None and own.iloc[i] else short_label(title, max_chars)
        texts.append(f"{text} ({int(n)})")
    return np.array(texts, dtype=object)


def distinct_texts(events: pd.DataFrame, *, max_chars: int = MAX_CHARS) -> np.ndarray:
    """:func:`label_texts`, then labels that would read the same are lengthened, word by
    word, until they differ ('Putin and Kim Jong Il sign the Moscow…' and '… sign the
    Pyongyang…'); those whose whole titles are the same get their date."""
    texts = label_texts(events, max_chars=max_chars)
    titles = events["title"].astype("str").to_numpy()
    own = events["label"].astype("str").str.strip().to_numpy() if "label" in events else None
    counts = events["n_sources"].to_numpy()
    for group in _same(texts):
        limit = max_chars
        longest = max(len(titles[i]) for i in group)
        while limit < longest:
            limit += 4
            tried = [short_label(titles[i], limit).replace("…", "") for i in group]
            if len(set(tried)) == len(group):
                break
        for i in group:
            text = own[i] if own is not None and own[i] else short_label(titles[i], limit)
            texts[i] = f"{text} ({int(counts[i])})"
    dates = events["date_label"].astype("str").to_numpy()
    for group in _same(texts):
        for i in group:
            head, _, count = str(texts[i]).rpartition(" (")
            texts[i] = f"{head}, {dates[i]} ({count}"
    return texts


def _same(texts: np.ndarray) -> list[list[int]]:
    """Groups of positions whose texts read the same (groups of two or more): an ellipsis
    alone does not tell two labels apart."""
    seen: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        seen.setdefault(str(text).replace("…", ""), []).append(i)
    return [group for group in seen.values() if len(group) > 1]


def priority(events: pd.DataFrame) -> np.ndarray:
    """Order in which events claim label space: ``importance`` (higher first) where the
    dataset has it, then more sources, then earlier."""
    n = len(events)
    importance = np.zeros(n)
    if "importance" in events:
        importance = pd.to_numeric(events["importance"], errors="coerce").fillna(0).to_numpy()
    sources = events["n_sources"].to_numpy(dtype="float64")
    return np.lexsort((np.arange(n), -sources, -importance))


@dataclass(frozen=True)
class Placement:
    """Where labels go. Arrays are per event (aligned with the events frame)."""

    row: np.ndarray  # label row above the dot (0 = lowest), -1: not labelled
    right: np.ndarray  # bool: the label ends at the dot (it would run off the right edge)
    lane: np.ndarray  # the lane it is labelled in
    rows_per_lane: np.ndarray  # label rows each lane needs
    candidates: np.ndarray  # bool: the event was to be labelled (its dot is in view)
    texts: np.ndarray | None = None  # the label of each event, as placed

    @property
    def unlabelled(self) -> int:
        return int(((self.row < 0) & self.candidates).sum())


def place_labels(
    x_px: np.ndarray,
    lanes: list[list[int]],
    widths: np.ndarray,
    order: np.ndarray,
    *,
    n_lanes: int,
    plot_width: float,
    max_rows: int = MAX_ROWS,
    label_all: int = LABEL_ALL,
    texts: np.ndarray | None = None,
    full: np.ndarray | None = None,
) -> Placement:
    """One label per event where room allows (see the module docstring).

    ``x_px``: each event's dot on screen; ``lanes``: the lanes it is drawn in (its label
    goes to the one with the lowest free row); ``widths``: label widths in px; ``order``: the
    events to label, in priority order. Up to ``label_all`` of them are all labelled, with as
    many rows as that takes; beyond, the first ``label_all`` by priority are placed within
    ``max_rows`` rows per lane. Labels run to the right of their dot and are placed from the
    right, so a label never covers the dot of one placed after it: each finds a free row.
    With ``full`` (each event's whole title, as a label), a shortened label that has room
    on its row for the whole title gets it: a label is never cut where it need not be.
    """
    n = len(x_px)
    row = np.full(n, -1, dtype="int64")
    lane = np.zeros(n, dtype="int64")
    right = np.zeros(n, dtype=bool)
    order = np.asarray(order, dtype="int64")
    chosen = order[:label_all]
    rows_allowed = len(chosen) + 1 if len(order) <= label_all else max_rows
    rank = np.empty(n, dtype="int64")
    rank[order] = np.arange(order.size)
    boxes: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    leaders: dict[int, list[tuple[float, int]]] = {}  # lane -> (x, top row) of placed leaders
    for i in sorted(chosen.tolist(), key=lambda i: (-float(x_px[i]), rank[i])):
        x, w = float(x_px[i]), float(widths[i])
        flip = x + 3 + w > plot_width + 1 and x - 3 - w >= 0  # past the edge: end at the dot
        lo, hi = (x - 3 - w, x - 3) if flip else (x + 3, x + 3 + w)
        spot = next(
            (
                (r, ln)
                for r in range(rows_allowed)
                for ln in lanes[i]
                if _free(boxes, leaders, ln, r, lo, hi, x)
            ),
            None,
        )
        if spot is not None:
            r, ln = spot
            row[i], lane[i], right[i] = r, ln, flip
            boxes.setdefault((ln, r), []).append((lo, hi, i))
            leaders.setdefault(ln, []).append((x, r))
    if full is not None:
        texts = _grow(full, texts, x_px, row, lane, right, rank, boxes, leaders, plot_width)
    rows_per_lane = np.zeros(n_lanes, dtype="int64")
    placed = row >= 0
    if placed.any():
        np.maximum.at(rows_per_lane, lane[placed], row[placed] + 1)
    candidates = np.zeros(n, dtype=bool)
    candidates[np.asarray(order, dtype="int64")] = True
    return Placement(row, right, lane, rows_per_lane, candidates, texts)


def _free(
    boxes: dict[tuple[int, int], list[tuple[float, float, int]]],
    leaders: dict[int, list[tuple[float, int]]],
    lane: int,
    r: int,
    lo: float,
    hi: float,
    x: float,
    own: int = -1,
) -> bool:
    """Row ``r`` of ``lane`` can take the box [lo, hi] of a label whose dot is at ``x``
    (``own``: the label's own box, when it is being widened)."""
    row = [(b_lo, b_hi) for b_lo, b_hi, i in boxes.get((lane, r), []) if i != own]
    if any(lo < b_hi + GAP_PX and b_lo < hi + GAP_PX for b_lo, b_hi in row):
        return False
    # another label's leader rises through this row at an x inside the box
    if any(top > r and lo - 2 <= lx <= hi + 2 for lx, top in leaders.get(lane, []) if lx != x):
        return False
    # this label's leader rises through lower rows: it must not cross their labels
    return not any(
        b_lo - 2 <= x <= b_hi + 2 for rr in range(r) for b_lo, b_hi, _ in boxes.get((lane, rr), [])
    )


def _grow(
    full: np.ndarray,
    texts: np.ndarray | None,
    x_px: np.ndarray,
    row: np.ndarray,
    lane: np.ndarray,
    right: np.ndarray,
    rank: np.ndarray,
    boxes: dict[tuple[int, int], list[tuple[float, float, int]]],
    leaders: dict[int, list[tuple[float, int]]],
    plot_width: float,
) -> np.ndarray:
    """Give each placed, shortened label its whole text where its row has room for it, in
    priority order (a label that grows may take room another would have grown into)."""
    out = np.array(texts if texts is not None else full, dtype=object)
    placed = [int(i) for i in np.flatnonzero(row >= 0)]
    for i in sorted(placed, key=lambda i: rank[i]):
        if out[i] == full[i]:
            continue
        x, w = float(x_px[i]), text_width(str(full[i]))
        lo, hi = (x - 3 - w, x - 3) if right[i] else (x + 3, x + 3 + w)
        # a grown label stays a little inside the plot: the plot's true left edge moves
        # with the lane names' real width, which is only estimated here
        if lo < 0 or hi > plot_width - GROW_SLACK_PX:
            continue
        key = (int(lane[i]), int(row[i]))
        if _free(boxes, leaders, key[0], key[1], lo, hi, x, own=i):
            boxes[key] = [b for b in boxes[key] if b[2] != i] + [(lo, hi, i)]
            out[i] = full[i]
    return out


def lane_heights(rows_per_lane: np.ndarray) -> np.ndarray:
    """Height in px of each lane: room for its label rows above its dots."""
    return LANE_PAD_PX + ROW_PX * rows_per_lane + DOT_ZONE_PX
