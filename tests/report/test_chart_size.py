"""The chart prints whole and readable: the report's PDF (A4, printed by Chromium) and Word
document, read back and measured on the page.

A text of ``f`` px in a figure laid out ``w`` px wide, placed ``W`` pt wide on paper, prints
at ``f * W / w`` pt. A chart that fits a page is drawn once, on one page, inside the page's
box; a taller one in parts, each drawn whole on one page, that together show every row of
the image and are cut only where no text or mark is drawn (measured on the PNG's pixels).
"""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from timeline.load.bundled import bundled_data
from timeline.load.loader import load_dataset
from timeline.query.filters import Filters
from timeline.query.view import ViewState
from timeline.report import build, build_report, chromium_pdf
from timeline.report.chart_fit import cut_parts, drawn_rows
from timeline.report.model import Chart
from timeline.report.paper import PDF_PAGE, PT_PER_MM, WORD_PAGE

from .conftest import needs_chromium, write_many_lanes_dataset

MIN_PRINTED_PT = 7.0  # the smallest type a reader should be asked to read on paper
MIN_DPI = 250  # sharp on paper: near print resolution, not a screen's 96 dpi
PLOTLY_DEFAULT_FONT_PX = 12
EMU_PER_PT = 12700
CAPTION = "The events of this report on a timeline"
INK = 200  # a grey level below this is ink (text, marks, lines), not a gridline or white
STROKE_PX = 9  # ink wider than this along a cut row (PNG px) is a mark or text, not a line
LETTERS_PX = 60  # three runs of ink this close along a cut row are letters of a text
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pt, PDF's y up
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Rendered:
    """The chart as the report drew it: its figure, the layout width, scale and PNG, and
    the rows of the layout each part shows."""

    figure: go.Figure
    width_px: int  # the width it was laid out at, in CSS px
    scale: float
    png: bytes
    parts: tuple[tuple[tuple[int, int], ...], ...]


@dataclass(frozen=True)
class Placed:
    """What a page (PDF) or a picture (Word) shows of an image: the page, the image's size
    in pixels, the rows of it shown, its printed width, and where it is shown on the page."""

    page: int
    pixels: tuple[int, int]
    rows: tuple[int, int]
    width_pt: float
    box: Box


def font_sizes(node: Any) -> Iterator[float]:
    """Every font size a figure's JSON sets (layout, axes, legend, annotations, traces);
    hover labels are left out, as they never print."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "hoverlabel":
                continue
            if key.endswith("font") and isinstance(value, dict) and "size" in value:
                size = value["size"]
                if isinstance(size, dict):  # a typed array, as plotly writes numpy arrays
                    raw = base64.b64decode(size["bdata"])
                    yield from np.frombuffer(raw, dtype=size["dtype"]).tolist()
                else:
                    yield from (size if isinstance(size, list) else [size])
            yield from font_sizes(value)
    elif isinstance(node, list):
        for item in node:
            yield from font_sizes(item)


def smallest_font_px(fig: go.Figure) -> float:
    spec = json.loads(fig.to_json())
    sizes = list(font_sizes(spec))
    if "size" not in spec["layout"].get("font", {}):
        sizes.append(PLOTLY_DEFAULT_FONT_PX)  # what unset fonts (ticks, labels) fall back to
    return min(sizes)


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # IHDR


# --- reading the PDF: where each image is drawn, and what of it its clip lets through ---


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` applied, then ``n`` (PDF's ``m cm`` on a current matrix ``n``)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E,
            e * B + f * D + F)  # fmt: skip


def _point(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _meet(a: Box, b: Box) -> Box | None:
    box = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return box if box[0] < box[2] and box[1] < box[3] else None


PAINT = {b"n", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def pdf_images(data: bytes) -> tuple[list[Placed], list[Box], list[str]]:
    """Each image drawn on the PDF's pages (the visible part of it: its clip applied), each
    page's media box, and each page's text."""
    reader = PdfReader(io.BytesIO(data))
    placed: list[Placed] = []
    for number, page in enumerate(reader.pages):
        placed += page_images(number, page, reader)
    boxes = [tuple(float(v) for v in page.mediabox) for page in reader.pages]
    texts = [page.extract_text() or "" for page in reader.pages]
    return placed, boxes, texts  # type: ignore[return-value]


def page_images(number: int, page: Any, reader: PdfReader) -> list[Placed]:
    xobjects = page["/Resources"].get_object().get("/XObject", {})
    matrix: Matrix = (1, 0, 0, 1, 0, 0)
    clip: Box = tuple(float(v) for v in page.mediabox)  # type: ignore[assignment]
    saved: list[tuple[Matrix, Box]] = []
    path: list[tuple[float, float]] = []
    clipping = False
    placed: list[Placed] = []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            saved.append((matrix, clip))
        elif op == b"Q":
            matrix, clip = saved.pop()
        elif op == b"cm":
            matrix = _times(tuple(float(v) for v in operands), matrix)  # type: ignore[arg-type]
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            path += [_point(matrix, x + dx, y + dy) for dx in (0, w) for dy in (0, h)]
        elif op in (b"m", b"l", b"c", b"v", b"y"):
            values = [float(v) for v in operands]
            path += [_point(matrix, *values[i : i + 2]) for i in range(0, len(values), 2)]
        elif op in (b"W", b"W*"):
            clipping = True
        elif op in PAINT:
            if clipping and path:
                clip = _meet(clip, _bounds(path)) or (0, 0, 0, 0)
            path, clipping = [], False
        elif op == b"Do" and operands[0] in xobjects:
            image = xobjects[operands[0]].get_object()
            if image["/Subtype"] != "/Image":
                continue
            assert matrix[1] == matrix[2] == 0, "the chart is drawn upright"
            whole = _bounds([_point(matrix, x, y) for x in (0, 1) for y in (0, 1)])
            shown = _meet(whole, clip)
            if shown is None:
                continue
            width, height = int(image["/Width"]), int(image["/Height"])

            def row(y: float, m: Matrix = matrix, height: int = height) -> int:
                return round((1 - (y - m[5]) / m[3]) * height)  # row 0 at the top

            rows = tuple(sorted((row(shown[1]), row(shown[3]))))
            placed.append(Placed(number, (width, height), rows, abs(matrix[0]), shown))  # type: ignore[arg-type]
    return placed


def docx_images(data: bytes) -> list[Placed]:
    """Each picture of the Word document: its rows of the image (its crop) and printed size."""
    doc = Document(io.BytesIO(data))
    placed = []
    for number, shape in enumerate(doc.inline_shapes):
        fill = shape._inline.graphic.graphicData.pic.blipFill
        width, height = png_size(doc.part.related_parts[fill.blip.embed].blob)
        crop = fill.find(qn("a:srcRect"))
        top = int(crop.get("t", 0)) if crop is not None else 0
        cut = int(crop.get("b", 0)) if crop is not None else 0
        rows = round(height * top / 100_000), round(height * (1 - cut / 100_000))
        size = shape.width / EMU_PER_PT, shape.height / EMU_PER_PT
        placed.append(Placed(number, (width, height), rows, size[0], (0, 0, *size)))
    return placed


# --- the report, with the chart it drew ---


def report_with_chart(
    fmt: str, data: Path | None = None, group_by: str = "actor"
) -> tuple[bytes, Rendered]:
    """The report of a dataset (the bundled one by default), and the chart it drew."""
    drawn: list[tuple[go.Figure, Any, bytes]] = []
    charts: list[Chart] = []
    render, fit = chromium_pdf.render_static, build.render_chart

    def spy(fig: go.Figure, kind: str, size: Any) -> bytes:
        png = render(fig, kind, size)
        drawn.append((fig, size, png))  # as Kaleido lays it out
        return png

    def keep(*args: Any, **kwargs: Any) -> Chart:
        charts.append(fit(*args, **kwargs))
        return charts[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(chromium_pdf, "render_static", spy)
        mp.setattr(build, "render_chart", keep)
        dataset = load_dataset(data or bundled_data())
        report = build_report(dataset, ViewState(Filters(), group=group_by), fmt=fmt)  # type: ignore[arg-type]
    ((fig, size, png),), (chart,) = drawn, charts
    return report, Rendered(fig, size.width, size.scale, png, chart.parts)


def check_printed_size(placed: list[Placed], rendered: Rendered) -> float:
    """The chart's smallest type as printed, in pt, after checking that every image placed is
    the chart drawn from ``rendered``, at one width, sharp enough."""
    assert placed, "no image on the page"
    (pixels,) = {p.pixels for p in placed}
    assert pixels == png_size(rendered.png)
    assert pixels[0] == round(rendered.width_px * rendered.scale)
    (width_pt,) = {round(p.width_pt, 2) for p in placed}
    dpi = pixels[0] / (width_pt / 72)
    assert dpi >= MIN_DPI, f"the chart prints at {dpi:.0f} dpi"
    printed = smallest_font_px(rendered.figure) * width_pt / rendered.width_px
    assert printed >= MIN_PRINTED_PT, (
        f"the chart's smallest text ({smallest_font_px(rendered.figure):g} px of a "
        f"{rendered.width_px} px wide layout) prints at {printed:.2f} pt on a "
        f"{width_pt:.0f} pt wide image"
    )
    return printed


def snap_px(placed: list[Placed]) -> float:
    """How many of the PNG's rows a CSS pixel of the page is: Chromium places a clipped box
    to a CSS pixel or so, so a part's edge may be off by that much (at a cut, blank rows)."""
    return placed[0].pixels[0] / (placed[0].width_pt / 0.75)


def check_every_row_shown(placed: list[Placed], height: int) -> None:
    slack = 2 * snap_px(placed)
    reached = 0
    for top, bottom in sorted(p.rows for p in placed):
        assert top <= reached + slack, f"rows {reached}-{top} of the chart are never shown"
        reached = max(reached, bottom)
    assert reached >= height - slack


def ink_runs(grey: np.ndarray, row: int) -> list[tuple[int, int]]:
    ink = np.r_[0, (grey[row] < INK).astype(int), 0]
    edges = np.flatnonzero(np.diff(ink))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def check_cuts_are_clean(placed: list[Placed], png: bytes) -> list[int]:
    """The rows (of the PNG) where a part ends or begins, each checked on both sides: only
    thin, scattered ink (lines crossing) may be there, never a mark or a line of text."""
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    height = grey.shape[0]
    cuts = sorted({r for p in placed for r in p.rows} - {0, height})
    for cut in cuts:
        for row in (cut - 1, cut):
            runs = ink_runs(grey, row)
            wide = [r for r in runs if r[1] - r[0] > STROKE_PX]
            assert not wide, f"the cut at row {cut} crosses a mark or text at {wide[:3]}"
            close = [
                runs[i] for i in range(len(runs) - 2) if runs[i + 2][0] - runs[i][0] < LETTERS_PX
            ]
            assert not close, f"the cut at row {cut} crosses text at {close[:3]}"
    return cuts


def pdf_box(page: Box) -> Box:
    """The page's printable box (the CSS ``@page`` margins: top, right, bottom, left)."""
    top, right, bottom, left = (m * PT_PER_MM for m in PDF_PAGE.margin_mm)
    return page[0] + left, page[1] + bottom, page[2] - right, page[3] - top


def check_pdf_chart(data: bytes, rendered: Rendered) -> tuple[float, list[list[Placed]]]:
    """Every part of the chart whole on one page, inside its box, in order, with the caption
    on the last one's page; every row shown; cuts clean; type at 7 pt or more."""
    placed, pages, texts = pdf_images(data)
    printed = check_printed_size(placed, rendered)
    scale = rendered.scale
    by_page: dict[int, list[Placed]] = {}
    for p in placed:
        by_page.setdefault(p.page, []).append(p)
        box = pdf_box(pages[p.page])
        inside = (p.box[0] >= box[0] - 0.5 and p.box[1] >= box[1] - 0.5
                  and p.box[2] <= box[2] + 0.5 and p.box[3] <= box[3] + 0.5)  # fmt: skip
        assert inside, f"part of the chart lies outside page {p.page + 1}'s box: {p.box} in {box}"
    numbers = sorted(by_page)
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), "pages in a row"
    shown = [[p.rows for p in sorted(by_page[n], key=lambda p: -p.box[3])] for n in numbers]
    planned = [[(round(a * scale), round(b * scale)) for a, b in part] for part in rendered.parts]
    assert len(shown) == len(planned), f"{len(planned)} parts drawn on {len(shown)} pages"
    for got, want in zip(shown, planned, strict=True):
        assert len(got) == len(want)
        slack = 2 * snap_px(placed)
        assert all(abs(g - w) <= slack for rg, rw in zip(got, want, strict=True) for g, w in
                   zip(rg, rw, strict=True)), (got, want)  # fmt: skip
    assert CAPTION in " ".join(texts[numbers[-1]].split())
    check_every_row_shown(placed, png_size(rendered.png)[1])
    check_cuts_are_clean(placed, rendered.png)
    return printed, [by_page[n] for n in numbers]


@pytest.fixture(scope="module")
def many_lanes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_many_lanes_dataset(tmp_path_factory.mktemp("lanes") / "data", lanes=60)


# --- the tests ---


def test_the_figures_smallest_font_is_found() -> None:
    fig = go.Figure(
        go.Scatter(x=[1], y=[1], text=["a"], textfont={"size": [9, 14]}),
        layout={"font": {"size": 13}, "hoverlabel": {"font": {"size": 5}}},
    )
    fig.add_annotation(text="note", font={"size": 10})
    assert smallest_font_px(fig) == 9
    assert smallest_font_px(go.Figure(layout={"xaxis": {"tickfont": {"size": 14}}})) == 12
    typed = go.Figure(go.Scatter(y=[1, 2], mode="text", textfont={"size": np.array([8, 9])}))
    assert smallest_font_px(typed) == 8


def test_the_printed_size_would_refuse_a_chart_laid_out_too_wide() -> None:
    fig = go.Figure(layout={"font": {"size": 13}, "annotations": [{"font": {"size": 11}}]})
    header = b"\x89PNG\r\n\x1a\n" + bytes(8) + (2750).to_bytes(4, "big") + (900).to_bytes(4, "big")
    wide = Rendered(fig, 1100, 2.5, header, (((0, 360),),))
    with pytest.raises(AssertionError, match=r"prints at 4\.92 pt"):
        check_printed_size([Placed(0, (2750, 900), (0, 900), 492.0, (0, 0, 492, 161))], wide)


def test_a_cut_through_text_or_a_mark_would_be_seen() -> None:
    image = Image.new("L", (600, 40), 255)
    image.paste(0, (100, 10, 104, 30))  # a line crossing: allowed
    for x in range(300, 360, 12):
        image.paste(0, (x, 15, x + 3, 25))  # letters
    png = io.BytesIO()
    image.save(png, "PNG")
    with pytest.raises(AssertionError, match="crosses text"):
        check_cuts_are_clean([Placed(0, (600, 40), (0, 20), 1, (0, 0, 1, 1))], png.getvalue())
    assert check_cuts_are_clean([Placed(0, (600, 40), (0, 5), 1, (0, 0, 1, 1))], png.getvalue())


def test_a_label_and_its_mark_are_never_cut_apart() -> None:
    """A label above its mark, joined by a leader line, and another lane below: the figure
    may be cut above the label or between the lanes, never between a label and its mark."""
    fig = go.Figure(
        [
            go.Scatter(x=[5, 5, None], y=[100, 60, None], mode="lines"),  # the leader
            go.Scatter(x=[5, 8], y=[100, 200], mode="markers", marker={"size": 10}),
        ],
        layout={
            "height": 300,
            "margin": {"t": 20, "b": 20},
            "yaxis": {"range": [260, 0]},
            "annotations": [{"x": 5, "y": 60, "text": "Label", "showarrow": False}],
        },
    )
    drawn = drawn_rows(fig, 300)
    label_top = 20 + 60 - (12 * 1.3 + 4) / 2  # plotly's 12 px, a 1.3 line, 1 px pad and rule
    mark = 20 + 100
    cuts = drawn.cuts(300)
    assert cuts and not [c for c in cuts if label_top < c < mark], cuts
    assert any(mark < c < 20 + 200 for c in cuts)  # between the two lanes
    parts, clean = cut_parts(300, cuts, 200, drawn.lanes)
    assert clean and len(parts) == 2
    assert all(sum(b - a for a, b in part) <= 200 for part in parts)
    assert parts[1][0] == (0, min(cuts))  # the second part shows the top again first


@needs_chromium
@pytest.mark.parametrize("group_by", ["actor", "theme"])
def test_the_bundled_pdf_chart_is_whole_on_its_pages_at_7_pt_or_more(group_by: str) -> None:
    data, rendered = report_with_chart("pdf", group_by=group_by)
    check_pdf_chart(data, rendered)


@needs_chromium
def test_a_chart_with_many_lanes_prints_in_parts_each_with_its_time_axis(
    many_lanes: Path,
) -> None:
    data, rendered = report_with_chart("pdf", many_lanes)
    printed, pages = check_pdf_chart(data, rendered)
    assert len(pages) >= 2, "the many-lanes chart should be taller than a page"
    header = pages[0][0].rows  # the first page shows from the top: title, time axis, lanes
    assert header[0] == 0
    for page in pages[1:-1]:  # every page that continues the lanes repeats the axis
        top = min(page, key=lambda p: p.rows[0])
        assert top.rows[0] == 0 and len(page) == 2
    assert printed >= MIN_PRINTED_PT


@needs_chromium
@pytest.mark.parametrize("lanes", [False, True])
def test_the_word_chart_fits_its_pages_at_7_pt_or_more(lanes: bool, many_lanes: Path) -> None:
    data, rendered = report_with_chart("docx", many_lanes if lanes else None)
    placed = docx_images(data)
    check_printed_size(placed, rendered)
    check_every_row_shown(placed, png_size(rendered.png)[1])
    check_cuts_are_clean(placed, rendered.png)
    box_pt = WORD_PAGE.box_height_pt
    at = 0
    for part in rendered.parts:  # the pictures of a part fill at most one page's box
        pictures = placed[at : at + len(part)]
        at += len(part)
        assert sum(p.box[3] for p in pictures) <= box_pt, [p.box for p in pictures]
    assert at == len(placed)
    assert math.isclose(placed[0].width_pt, WORD_PAGE.chart_width_pt, rel_tol=1e-3)
