"""The printed page, the one owner of the report's print sizes: the PDF's A4 page box (its CSS
``@page`` rule is written from these numbers), Word's, and the smallest type a chart may print
at. A chart is fitted to a :class:`Page` by :mod:`timeline.report.chart_fit`."""

from __future__ import annotations

from dataclasses import dataclass

PT_PER_MM = 72 / 25.4
PT_PER_PX = 0.75  # a CSS pixel

# The smallest type a reader should be asked to read on paper: a chart is laid out wide enough
# to fit its page, never so wide that its smallest text prints below this.
MIN_TYPE_PT = 7.0


@dataclass(frozen=True)
class Page:
    """A portrait page's printable box and how the chart is printed in it, in pt.

    ``chart_width_pt`` is the printed width of the chart's image. ``reserve_pt`` is the part
    of the box's height a chart image cannot use: its caption and the space above it, and its
    rules; a chart image (or each part of a chart cut into page-high parts) is at most
    :attr:`chart_room_pt` tall.
    """

    paper: str  # its CSS page size keyword
    width_mm: float
    height_mm: float
    margin_mm: tuple[float, float, float, float]  # top, right, bottom, left
    chart_width_pt: float
    reserve_pt: float

    @property
    def box_height_pt(self) -> float:
        return (self.height_mm - self.margin_mm[0] - self.margin_mm[2]) * PT_PER_MM

    @property
    def chart_room_pt(self) -> float:
        return self.box_height_pt - self.reserve_pt

    @property
    def css(self) -> str:
        """The ``size`` and ``margin`` declarations of this page's CSS ``@page`` rule."""
        margins = " ".join(f"{m:g}mm" for m in self.margin_mm)
        return f"size: {self.paper}; margin: {margins};"


# The PDF (and the HTML report when printed): A4 with 18 mm margins, 20 mm at the foot for
# the page number. The chart's image spans the box less its 1 px rules (174 mm, 492 pt).
# Reserved: two caption lines (0.8 rem of the 10.5 pt print size, line height 1.45, 0.3 em
# above: 27 pt), the figure's 1.2 em top margin (12.6 pt) and its rules, rounded up.
PDF_PAGE = Page(
    paper="A4",
    width_mm=210,
    height_mm=297,
    margin_mm=(18, 18, 20, 18),
    chart_width_pt=(210 - 36) * PT_PER_MM - 2 * PT_PER_PX,
    reserve_pt=44,
)

# Word: A4 with 20 mm margins and the picture 170 mm wide. Reserved: the picture paragraph's
# space after (4 pt) and a two-line caption in Word's Caption style (9 pt), rounded up.
WORD_PAGE = Page(
    paper="A4",
    width_mm=210,
    height_mm=297,
    margin_mm=(20, 20, 20, 20),
    chart_width_pt=170 * PT_PER_MM,
    reserve_pt=40,
)
