"""The chart's look: palette, fonts, sizes, and text made safe for Plotly's labels."""

from __future__ import annotations

import textwrap

import pandas as pd

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")
# After Okabe & Ito (2008; yellow left out: illegible on white), Paul Tol's muted scheme.
PALETTE = (*OKABE_ITO, "#882255", "#44AA99", "#999933", "#AA4499", "#332288", "#117733")
OTHER_COLOUR = "#999999"
DOT_SIZE = 11  # every dot the same size: corroboration is the number beside the label
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#e6e9ee"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
LANE_HEIGHT = 46  # density view: px per lane
DENSITY_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # ColorBrewer Blues


def escape(values: pd.Series) -> pd.Series:
    """Text made inert for Plotly's HTML-like labels: '<script>' is shown, never parsed."""
    return (
        values.astype("str")
        .str.replace("&", "&amp;", regex=False)
        .str.replace("<", "&lt;", regex=False)
        .str.replace(">", "&gt;", regex=False)
    )


def escape_one(text: str) -> str:
    """:func:`escape` for one string (no pandas round trip: lane names come one by one)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: str, width: int = 150) -> str:
    return "<br>".join(textwrap.wrap(escape_one(text), width=width, break_on_hyphens=False)) or ""
