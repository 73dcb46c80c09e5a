"""The report as one self-contained, offline HTML document.

The page is a Jinja2 template (``templates/report.html``, its style in ``report.css``) with
autoescaping on: every value from the data is escaped by the template engine, never by hand.
Here is only what the template cannot say simply: how the chart's one PNG is shown in parts.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from timeline.report.model import ORDER, Report, how_to_read
from timeline.report.paper import PDF_PAGE

CHART_LAST = " The chart of these events follows the chronology, before the list of sources."
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("timeline.report", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name fails the tests, not a reader
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class ChartRows:
    """Rows ``top`` to ``bottom`` of the chart's PNG, shown as one box of their shape with
    the image moved up inside it (a ``repeat`` row is a part's title or axis, printed again
    on each page and hidden on screen, where the parts join up)."""

    width: int
    height: int
    shift: str  # the upward margin, in % of the width ("" for none)
    label: str
    repeat: bool


def _chart_parts(report: Report) -> list[list[ChartRows]]:
    """The chart as parts, each printed on one page."""
    chart = report.chart
    if chart is None:
        return []
    alt = f"Timeline chart of the events in this report ({report.count})"
    count = len(chart.parts)
    parts = []
    for n, part in enumerate(chart.parts):
        rows = []
        for top, bottom in part:
            repeat = chart.repeated((top, bottom), n)
            label = "" if repeat else alt if count == 1 else f"{alt}, part {n + 1} of {count}"
            shift = f"{100 * top / chart.width_px:.4f}" if top else ""
            rows.append(ChartRows(chart.width_px, bottom - top, shift, label, repeat))
        parts.append(rows)
    return parts


def render_html(report: Report, *, printed: bool = False) -> str:
    """The complete HTML document: no script, no external resource, strict CSP.

    ``printed`` (the PDF): a chart too tall to share the first page with the title goes
    after the chronology, so that page is never left nearly empty; on screen it leads."""
    png = base64.b64encode(report.chart.png).decode("ascii") if report.chart else ""
    last = (
        printed
        and report.chart is not None
        and not report.chart.shares_first_page(PDF_PAGE.chart_width_pt, PDF_PAGE.chart_room_pt)
    )
    return (
        _environment()
        .get_template("report.html")
        .render(
            report=report,
            chart=_chart_parts(report),
            png=png,
            csp=CSP,
            voices=how_to_read(report.voice),
            order=ORDER + (CHART_LAST if last else ""),
            chart_last=last,
            page_box=Markup(PDF_PAGE.css),  # our own constant: CSS, not text to escape
        )
    )
