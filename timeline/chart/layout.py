"""The figure's frame: axes, fonts, margins, and the optional title, subtitle and footer."""

from __future__ import annotations

import html
from collections.abc import Sequence

from timeline.chart.labels import text_width
from timeline.chart.style import FONT, GRID, INK, LANE_HEIGHT, MUTED, escape_one, wrap

NOTE_CHAR_PX = 6.2  # a generous average advance of the axis note's 11 px sans-serif
NOTE_LINE_PX = 14
TITLE_PX, SUBTITLE_PX, FOOTER_PX, LEGEND_PX = 20, 13, 11, 12  # font sizes
FOOTER_LINE_PX = 15
# the footer's lines run the plot's whole width, and a long line of prose is where the width
# estimate errs most (by a few per cent): it is wrapped that much short of the width
FOOTER_FILL = 0.95
LEGEND_ROW_PX = 22
LEGEND_SYMBOL_PX = 42  # an entry's symbol and the gaps around it (plotly.js: 40)


def base_layout(
    lanes: tuple[str, ...],
    *,
    title: str | None,
    subtitle: str | None,
    footer: str | None,
    height: int | None,
    lane_y: object | None = None,
    lanes_px: float | None = None,
    colour_by: str = "first theme",
    note: str | None = None,
    legend_items: tuple[str, ...] = (),
    width_px: int = 900,
) -> dict:
    """Axes, fonts, margins and the optional title, subtitle and footer, as one plain dict
    (one figure construction instead of several validated ``update_*`` calls).

    From the top: title and subtitle, the time axis (on top, so that it is on the first
    screen however many lanes follow), the lanes, the legend and the footer.
    """
    n = len(lanes)
    title_text = wrap_px(title, width_px, TITLE_PX) if title else ""
    subtitle_text = wrap_px(subtitle, width_px, SUBTITLE_PX) if subtitle else ""
    header = 14 + _lines(title_text) * 26 + _lines(subtitle_text) * 18 + (8 if title else 0)
    legend_px = LEGEND_ROW_PX * legend_rows(colour_by, legend_items, width_px)
    top = header + 64  # the axis: two lines of tick labels and the note above
    footer_text = wrap_px(footer, width_px * FOOTER_FILL, FOOTER_PX) if footer else ""
    bottom = 18 + legend_px + (FOOTER_LINE_PX * _lines(footer_text) + 12 if footer_text else 0)
    total = max(height or 280, top + bottom + int(lanes_px or LANE_HEIGHT * n))
    layout: dict = dict(
        # a fixed height (an export) grows when the lanes and their labels need more room
        height=total,
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
            y=0,  # under the lanes; the time axis runs along the top
            yanchor="top",
            font=dict(size=LEGEND_PX),
            itemclick=False,
            itemdoubleclick=False,
            # the title on its own row: beside the entries, plotly.js lets every row run past
            # the plot's right edge by the title's width
            title=dict(
                text=f"Colour: {colour_by}", font=dict(size=LEGEND_PX, color=MUTED), side="top"
            ),
            tracegroupgap=0,
        ),
        showlegend=True,
    )
    if title:
        layout.update(
            title=dict(
                text=title_text,
                x=0.01,
                xanchor="left",
                # plotly.js sets a multi-line title 14 px higher than one line
                y=1 - (10 if _lines(title_text) == 1 else 24) / total,
                yanchor="top",
                yref="container",
                font=dict(size=TITLE_PX),
                subtitle=dict(text=subtitle_text, font=dict(size=SUBTITLE_PX, color=MUTED)),
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
                yshift=-14 - legend_px,
                align="left",
                showarrow=False,
                font=dict(size=FOOTER_PX, color=MUTED),
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
        side="top",
    )
    axis_note(layout, [note or ""], width_px)
    layout["yaxis"] = dict(
        tickmode="array",
        tickvals=list(range(n)) if lane_y is None else [float(v) for v in lane_y],
        ticktext=[escape_one(name) for name in lanes],
        range=[n - 0.5, -0.5] if lanes_px is None else [lanes_px, 0],
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


def legend_rows(colour_by: str, items: tuple[str, ...], width_px: int) -> int:
    """How many rows the horizontal legend takes, its title's row included. plotly.js puts
    the entries on one row when they fit the plot's width; otherwise it lines them up in
    columns as wide as the widest entry (its symbol, gaps and text)."""
    widths = [LEGEND_SYMBOL_PX + text_width(i, LEGEND_PX) for i in items]
    if not widths or sum(widths) <= width_px:
        return 2
    columns = max(1, int(width_px // (max(widths) + 5)))
    return 1 + -(-len(widths) // columns)


def wrap_px(text: str, width_px: float, size: float) -> str:
    """``text`` escaped and broken into lines (``<br>``) at words, each at most ``width_px``
    wide in a sans-serif of ``size`` px; a paragraph break ('\n') starts a new line."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and text_width(trial, size) > width_px:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "<br>".join(escape_one(line) for line in lines if line)


def _lines(text: str) -> int:
    return text.count("<br>") + 1 if text else 0


def axis_note(layout: dict, parts: Sequence[str], width_px: int, *, standoff: int = 4) -> None:
    """The note over the time axis, from its parts (plain text): on one line when it fits the
    plot's width, else wrapped at words, with the top margin (and the figure) one line
    taller for every line it adds, so a long note is never cut off at both sides. It
    replaces the note the layout had (and the room that one took)."""
    text = " · ".join(p for p in parts if p)
    chars = max(24, int(width_px / NOTE_CHAR_PX))
    shown = wrap(text, width=chars) if len(text) > chars else escape_one(text)
    before = layout["xaxis"].get("title", {}).get("text", "").count("<br>")
    extra = NOTE_LINE_PX * (shown.count("<br>") - before)
    layout["margin"]["t"] += extra
    layout["height"] += extra
    title = dict(text=shown, font=dict(size=11, color=MUTED), standoff=standoff)
    layout["xaxis"]["title"] = title


def note_text(layout: dict) -> str:
    """The axis note a layout shows, as the plain text it was made from."""
    shown = layout.get("xaxis", {}).get("title", {}).get("text", "")
    return html.unescape(shown.replace("<br>", " "))
