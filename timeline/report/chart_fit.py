"""Fitting the report's chart to a printed page (:class:`~timeline.report.paper.Page`).

The rule, measured on the laid-out figure:

1. The chart is laid out at the narrowest width, from the export's article column up, whose
   height fits one page's room for a chart; narrower layouts print their type larger. It is
   never laid out so wide that its smallest text prints below ``MIN_TYPE_PT``.
2. When no such width fits (a tall chart: many lanes), it is laid out at the width that needs
   the fewest pages (then keeps the lanes on one page if it can, then prints largest), cut into
   parts of at most a page where nothing is written or marked: between the time axis and
   the lanes, between lanes, above the legend and sources. A label is never parted from the
   mark it labels. Each part is printed on one page; the legend and sources stay together,
   and a part that continues the lanes shows the title and time axis again above them.
3. Only when no such place exists within a page (one lane or a footer taller than a page)
   is a part cut at the page's height, and the fit says so (``clean`` is False).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import plotly.graph_objects as go

from timeline.report.paper import MIN_TYPE_PT, Page
from timeline.report.upstream import SIZE_PRESETS, ExportError, ImageSize, drawn_size

# The narrowest layout: the export's article column (680 px), where the type prints largest.
# Scale 3: about 300 dpi on paper.
COLUMN: ImageSize = replace(SIZE_PRESETS["column"], scale=3)
WIDTH_STEP_PX = 10  # widths tried between the column and the widest allowed
PLOTLY_FONT_PX = 12  # what an unset font size falls back to in plotly.js
LINE_SPACING = 1.3  # plotly.js: a line of text is 1.3 font sizes tall
CLEARANCE_PX = 1  # kept clear above and below anything drawn: antialiasing, rounding

Rows = tuple[int, int]  # rows top (included) to bottom (excluded) of the image, in layout px
Part = tuple[Rows, ...]  # what one page shows of the chart: these rows, stacked


@dataclass(frozen=True)
class Fitted:
    """The chart as it will be printed: the figure, the image size it is drawn at, and its
    parts (one part, the whole image, when it fits a page)."""

    figure: go.Figure
    size: ImageSize
    parts: tuple[Part, ...]
    clean: bool  # every cut falls where nothing is drawn


def fit_chart(make: Callable[[ImageSize], go.Figure], page: Page) -> Fitted:
    """The chart that ``make`` lays out for an image size, fitted to ``page`` (see above)."""
    first = make(COLUMN)
    widest = math.floor(smallest_type_px(first) * page.chart_width_pt / MIN_TYPE_PT)
    if widest < COLUMN.width:
        widths = [widest]  # type set smaller than the column's: narrower, so it prints at 7 pt
    else:
        widths = [*range(COLUMN.width, widest, WIDTH_STEP_PX), widest]
    best: tuple[tuple[bool, int, bool, int], Fitted] | None = None
    for width in widths:
        size = replace(COLUMN, width=width)
        fig = first if width == COLUMN.width else make(size)
        pt_per_px = page.chart_width_pt / width
        if smallest_type_px(fig) * pt_per_px < MIN_TYPE_PT - 1e-9:
            continue
        drawn = drawn_size(fig, size)
        room_px = page.chart_room_pt / pt_per_px
        if drawn.height <= room_px:
            return Fitted(fig, drawn, (((0, drawn.height),),), clean=True)
        marks = drawn_rows(fig, drawn.height)
        parts, clean = cut_parts(drawn.height, marks.cuts(drawn.height), room_px, marks.lanes)
        lanes = marks.lanes
        split = bool(lanes) and any(lanes[0] < p[-1][0] < lanes[-1] for p in parts)
        key = (not clean, len(parts), split, width)
        if best is None or key < best[0]:
            best = (key, Fitted(fig, drawn, parts, clean))
    if best is None:
        raise ExportError(f"no layout width prints the chart's type at {MIN_TYPE_PT:g} pt")
    return best[1]


def cut_parts(
    height: int, cuts: list[int], room_px: float, lanes: list[float] | None = None
) -> tuple[tuple[Part, ...], bool]:
    """The image's rows in parts at most ``room_px`` tall, each ending at the lowest allowed
    cut that fits (at ``room_px`` when none does), and whether all cuts were allowed.

    A part that continues the lanes (rows ``lanes``) first shows again the rows above the
    first lane (title, subtitle, time axis: up to the first cut), so that every lane is read
    against the time axis; the legend and sources alone need no axis.
    """
    header: Rows | None = None
    if lanes and cuts and min(cuts) < lanes[0] and min(cuts) <= room_px / 2:
        header = (0, min(cuts))
    parts: list[Part] = []
    top, clean = 0, True
    while True:
        above: Part = (header,) if header and lanes and parts and top < lanes[-1] else ()
        room = room_px - sum(b - a for a, b in above)
        if height - top <= room:
            parts.append((*above, (top, height)))
            return tuple(parts), clean
        fitting = [c for c in cuts if top < c <= top + room]
        bottom = max(fitting) if fitting else top + max(1, math.floor(room))
        clean = clean and bool(fitting)
        parts.append((*above, (top, bottom)))
        top = bottom


@dataclass(frozen=True)
class Drawn:
    """What a figure draws, as rows (layout px, top down): ``spans`` that a cut must not
    cross, and ``lanes``, the rows of the traces' markers and text."""

    spans: list[tuple[float, float]]
    lanes: list[float]

    def cuts(self, height: int) -> list[int]:
        """Where the image may be cut: the middle row of each gap between the spans."""
        cuts, reached = [], 0.0
        for top, bottom in sorted(self.spans):
            if top - reached >= 1:
                cuts.append(round((top + reached) / 2))
            reached = max(reached, bottom)
        return [c for c in cuts if 0 < c < height]


@dataclass(frozen=True)
class _Point:
    x: float | None  # on the x axis, comparable with an annotation's (dates in epoch ms)
    row: float
    half: float  # half its height
    line: bool  # the end of a line segment, not a marker or text


def drawn_rows(fig: go.Figure, height: int) -> Drawn:
    """Where the figure draws, for cutting it: the margins whole (title, subtitle, time axis;
    legend, sources); in the plot area each point's marker, text or line end, and each
    annotation's text box, joined to the point it labels (the far end of its leader line,
    else the nearest marker at its x) so that a label never goes to another page than its
    mark. Lines that only cross a row (gridlines, leaders, connectors) may be cut. The whole
    plot area when its y axis cannot be placed (no set linear range, categories)."""
    spec = fig.to_dict()
    layout = spec["layout"]
    margin = layout.get("margin", {})
    plot_top, plot_bottom = float(margin.get("t", 0)), height - float(margin.get("b", 0))
    spans = [(0.0, plot_top), (plot_bottom, float(height))]
    to_px = _y_to_px(layout.get("yaxis", {}), plot_top, plot_bottom)
    try:
        if to_px is None:
            raise ValueError("the y axis has no set linear range")
        points, leaders = _trace_points(spec["data"], to_px)
    except ValueError:
        return Drawn([*spans, (plot_top, plot_bottom)], [])
    markers: dict[float | None, list[_Point]] = {}
    for point in points:
        if not point.line:
            markers.setdefault(point.x, []).append(point)
    paper = _paper_to_px(plot_top, plot_bottom)
    font = float((layout.get("font") or {}).get("size") or PLOTLY_FONT_PX)
    for note in layout.get("annotations", []):
        yref = note.get("yref", "y")
        place = to_px if yref == "y" else paper if yref == "paper" else None
        if place is None or note.get("y") is None:
            spans.append((plot_top, plot_bottom))
            continue
        top, bottom = _text_box(note, place(float(note["y"])), font)
        if yref == "y" and note.get("xref", "x") == "x":
            owner = _owner(_x_key(note.get("x")), top, bottom, markers, leaders)
            if owner is not None:
                top = min(top, owner.row - owner.half)
                bottom = max(bottom, owner.row + owner.half)
        spans.append(_clear(top, bottom))
    spans += [_clear(p.row - p.half, p.row + p.half) for p in points]
    return Drawn(spans, sorted({p.row for p in points if not p.line}))


def _trace_points(
    traces: list[dict[str, Any]], to_px: Callable[[float], float]
) -> tuple[list[_Point], dict[float, list[tuple[float, float]]]]:
    """Every point the traces draw, and their vertical line segments by x; ValueError when
    a trace's rows cannot be placed (another y axis, categories)."""
    points: list[_Point] = []
    segments: dict[float, list[tuple[float, float]]] = {}
    for trace in traces:
        if trace.get("y") is None:
            continue
        if trace.get("yaxis", "y") != "y":
            raise ValueError("another y axis")
        try:
            rows = _numbers(trace["y"])
        except (TypeError, ValueError):
            raise ValueError("rows that are not numbers") from None
        xs = trace.get("x")
        keys = [_x_key(x) for x in _values(xs)] if xs is not None else [None] * len(rows)
        mode = str(trace.get("mode") or "markers")
        half = 0.0
        if "markers" in mode:
            marker = trace.get("marker") or {}
            size = marker.get("size")
            half = float(np.nanmax(_numbers(6 if size is None else size))) / 2
            half += float((marker.get("line") or {}).get("width") or 0)
        if "text" in mode:
            size = (trace.get("textfont") or {}).get("size")
            half += float(np.nanmax(_numbers(size or PLOTLY_FONT_PX))) * LINE_SPACING
        if "lines" in mode:
            half = max(half, float((trace.get("line") or {}).get("width") or 2) / 2)
        previous: tuple[float | None, float] | None = None
        for x, y in zip(keys, rows, strict=False):
            if not np.isfinite(y):
                previous = None
                continue
            row = to_px(float(y))
            points.append(_Point(x, row, half, line=mode == "lines"))
            if "lines" in mode and previous and x is not None and previous[0] == x:
                segments.setdefault(x, []).append((previous[1], row))
            previous = (x, row)
    return points, segments


def _owner(
    x: float | None,
    top: float,
    bottom: float,
    markers: dict[float | None, list[_Point]],
    leaders: dict[float, list[tuple[float, float]]],
) -> _Point | None:
    """The point a label at ``x`` spanning rows ``top``-``bottom`` marks: the one at the
    far end of a vertical line from its box (a leader), else the nearest marker at ``x``."""
    if x is None or x not in markers:
        return None
    at_x = markers[x]
    for a, b in leaders.get(x, []):
        for near, far in ((a, b), (b, a)):
            if top - CLEARANCE_PX <= near <= bottom + CLEARANCE_PX:
                ends = [p for p in at_x if abs(p.row - far) < 0.5]
                if ends:
                    return max(ends, key=lambda p: p.half)
    middle = (top + bottom) / 2
    return min(at_x, key=lambda p: abs(p.row - middle))


def _text_box(note: dict[str, Any], anchor_row: float, font_px: float) -> tuple[float, float]:
    """The rows an annotation's text box covers (plotly.js: 1.3 font sizes a line, its
    border padding and width on both sides; ``yshift`` up)."""
    centre = anchor_row - float(note.get("yshift") or 0)
    size = float((note.get("font") or {}).get("size") or font_px)
    lines = str(note.get("text") or "").count("<br>") + 1
    tall = lines * size * LINE_SPACING
    tall += 2 * float(note.get("borderpad", 1)) + 2 * float(note.get("borderwidth", 1))
    anchor = note.get("yanchor") or "auto"
    if anchor == "auto":
        anchor = _auto_anchor(note) if note.get("yref") == "paper" else "middle"
    start = {"top": centre, "bottom": centre - tall}.get(anchor, centre - tall / 2)
    return start, start + tall


def _auto_anchor(note: dict[str, Any]) -> str:
    """plotly.js: a paper-referenced annotation without an arrow anchors on its nearer side."""
    if note.get("showarrow", True) is not False:
        return "middle"
    y = float(note["y"])
    return "bottom" if y < 1 / 3 else "top" if y > 2 / 3 else "middle"


def _y_to_px(
    axis: dict[str, Any], plot_top: float, plot_bottom: float
) -> Callable[[float], float] | None:
    """Where a y value is drawn, when the y axis is linear with a set range."""
    if axis.get("range") is None or axis.get("type", "-") not in ("-", "linear"):
        return None
    low, high = (float(v) for v in axis["range"])
    if high == low:
        return None
    d0, d1 = axis.get("domain") or (0, 1)
    paper = _paper_to_px(plot_top, plot_bottom)
    bottom, top = paper(float(d0)), paper(float(d1))
    return lambda y: bottom + (y - low) / (high - low) * (top - bottom)


def _paper_to_px(plot_top: float, plot_bottom: float) -> Callable[[float], float]:
    return lambda y: plot_bottom - y * (plot_bottom - plot_top)


def _clear(top: float, bottom: float) -> tuple[float, float]:
    return top - CLEARANCE_PX, bottom + CLEARANCE_PX


def _x_key(value: Any) -> float | None:
    """An x value as plotly.js places it on a date or linear axis: dates as epoch ms."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return float(np.datetime64(value.strip().replace(" ", "T"), "ms").astype("int64"))
        except ValueError:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 3) if np.isfinite(number) else None


def smallest_type_px(fig: go.Figure) -> float:
    """The smallest font size the figure sets anywhere it prints (hover labels never do),
    and plotly.js's default when some text has none."""
    spec = fig.to_dict()
    sizes = list(_font_sizes(spec))
    if "size" not in (spec.get("layout", {}).get("font") or {}):
        sizes.append(PLOTLY_FONT_PX)
    return min(sizes)


def _font_sizes(node: Any) -> Iterator[float]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "hoverlabel":
                continue
            if key.endswith("font") and isinstance(value, dict) and value.get("size") is not None:
                yield from (float(s) for s in np.ravel(_numbers(value["size"])))
            yield from _font_sizes(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _font_sizes(item)


def _values(value: Any) -> list[Any]:
    """A list, a numpy array, or a typed array as plotly writes it (base64 ``bdata``)."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return data.tolist()
    return list(np.ravel(np.asarray(value, dtype=object)))


def _numbers(value: Any) -> np.ndarray:
    """:func:`_values` as floats (missing values as NaN)."""
    values = [np.nan if v is None else v for v in _values(value)]
    return np.asarray(values, dtype=float)
