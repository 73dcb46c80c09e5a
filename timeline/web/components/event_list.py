"""The "Events shown" list: each row a link to the URL that opens the event's details.

The server sends the rows as plain data (:class:`Listing`); ``listRows`` in
``assets/timeline.js`` writes them into the page's ``<ol>`` as links, text set as text. As
Dash components, a hundred rows were six hundred components for Dash's renderer to mount:
about 150 ms before the chart could draw on a page load, and again on every filter change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

import pandas as pd

from timeline.query.view import ViewState
from timeline.web.urlstate import encode

MAX_LISTED = 100  # the event list shows at most this many rows


@dataclass(frozen=True)
class Listing:
    """The list's rows and what is said under or instead of them. A row is a dict of ``id``,
    ``date``, ``title``, ``actors``, ``sources`` (the four texts it reads as, in order),
    ``href`` (the URL that opens it) and ``selected``.

    Both are plain data: a Dash component in a callback's answer would send orjson back to
    plotly's slow path for the whole answer, figure included."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


def event_href(base: str, event_id: str) -> str:
    """``encode(replace(state, event=event_id))`` from ``base = encode(state without event)``.

    Cheaper than encoding the whole state once per listed row (``event`` is encoded last)."""
    return f"{base}{'&' if base else '?'}event={quote(str(event_id), safe='')}"


def event_list(events: pd.DataFrame, state: ViewState, total: int | None = None) -> Listing:
    """The shown events (oldest first), each a link to the URL that opens its details.

    Plain links, not buttons with pattern-matching ids: a link is focusable and follows
    Enter; the clientside ``listLinks`` turns a plain click into a URL change without a page
    load. Each row reads as date, title, actors and number of sources: with the chart's marks
    out of the keyboard's reach, this list is the chart's text alternative. ``total``: how
    many match, when ``events`` holds only the first ones.
    """
    shown = events.iloc[:MAX_LISTED]
    total = len(events) if total is None else total
    base = encode(replace(state, event=None))
    rows = []
    columns = ("id", "date_label", "title", "actors", "n_sources")
    # whole columns to Python at once: iterating arrow-backed columns costs per element
    for event_id, label, title, actors, n in zip(
        *(shown[c].tolist() for c in columns), strict=True
    ):
        names = ", ".join(str(a) for a in actors) if len(actors) else "no actor named"
        event_id = str(event_id)
        rows.append(
            {
                "id": event_id,
                "date": str(label),
                "title": str(title),
                "actors": names,
                "sources": f"{n} source{'s' if n != 1 else ''}",
                "href": event_href(base, event_id),
                "selected": event_id == state.event,
            }
        )
    note = ""
    if total > MAX_LISTED:
        note = f"Showing the first {MAX_LISTED} of {total}; narrow the filters to list the rest."
    return Listing(rows, note)


def empty_list(message: str) -> Listing:
    """No rows, and why."""
    return Listing([], message)
