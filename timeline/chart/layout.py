"""The figure's frame: axes, fonts, margins, and the optional title, subtitle and footer."""

from __future__ import annotations

from timeline.chart.style import FONT, GRID, INK, LANE_HEIGHT, MUTED, escape_one, wrap


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
) -> dict:
    """Axes, fonts, margins and the optional title, subtitle and footer, as one plain dict
    (one figure construction instead of several validated ``update_*`` calls)."""
    n = len(lanes)
    top = 70 + (34 if title else 0) + (20 if subtitle else 0)
    footer_text = wrap(footer) if footer else ""
    note_px = 20  # a line for the time axis's title (what the axis leaves out, unlabelled)
    bottom = 40 + note_px + (16 * (footer_text.count("<br>") + 1) + 30 if footer_text else 0)
    layout: dict = dict(
        # a fixed height (an export) grows when the lanes and their labels need more room
        height=max(
            height or 280,
            top + bottom + int(lanes_px if lanes_px is not None else LANE_HEIGHT * n),
        ),
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
            title=dict(text=f"Colour: {colour_by} ", font=dict(size=12, color=MUTED)),
            tracegroupgap=0,
        ),
        showlegend=True,
    )
    if title:
        layout.update(
            title=dict(
                text=escape_one(title),
                x=0.01,
                xanchor="left",
                y=0.98,
                yanchor="top",
                yref="container",
                font=dict(size=20),
                subtitle=dict(text=escape_one(subtitle or ""), font=dict(size=13, color=MUTED)),
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
                yshift=-50 - note_px,
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
        title=dict(text=escape_one(note or ""), font=dict(size=11, color=MUTED), standoff=6),
    )
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
