"""The "Events shown" list: each row a link to the URL that opens the event's details."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import quote

import pandas as pd
from dash import html

from timeline.query.view import ViewState
from timeline.web.urlstate import encode

MAX_LISTED = 100  # the event list shows at most this many rows


def event_href(base: str, event_id: str) -> str:
    """``encode(replace(state, event=event_id))`` from ``base = encode(state without event)``.

    Cheaper than encoding the whole state once per listed row (``event`` is encoded last)."""
    return f"{base}{'&' if base else '?'}event={quote(str(event_id), safe='')}"


def _json_element(tag: str, children: Any = None, **props: Any) -> dict:
    """What Dash sends for ``html.<tag>(children, **props)``, built without the component:
    constructing and serialising hundreds of components cost more than the whole figure."""
    if children is not None:
        props = {"children": children, **props}
    return {"props": props, "type": tag, "namespace": "dash_html_components"}


def _component(tag: str, children: Any = None, **props: Any) -> Any:
    return getattr(html, tag)(children, **props)


def event_list(
    events: pd.DataFrame, state: ViewState, total: int | None = None, *, as_json: bool = False
) -> list:
    """A list of the shown events (oldest first), each a link to the URL that opens its details.

    Plain links, not buttons with pattern-matching ids: Dash tracks every pattern-matched
    component in the browser, which made drawing a 300-row list take seconds. Each row
    reads as date, title, actors and number of sources: with the chart's marks out of the
    keyboard's reach, this list is the chart's text alternative. A link is
    focusable and follows Enter; the clientside ``listLinks`` turns a plain click into a URL
    change without a page load. ``total``: how many match, when ``events`` holds only the
    first ones. With ``as_json`` the rows are the JSON Dash would send for them (the
    callback's fast path), else Dash components.
    """
    el = _json_element if as_json else _component
    shown = events.iloc[:MAX_LISTED]
    total = len(events) if total is None else total
    selected = state.event
    base = encode(replace(state, event=None))
    items = []
    columns = ("id", "date_label", "title", "actors", "n_sources")
    # whole columns to Python at once: iterating arrow-backed columns costs per element
    for event_id, label, title, actors, n in zip(
        *(shown[c].tolist() for c in columns), strict=True
    ):
        is_selected = event_id == selected
        names = ", ".join(str(a) for a in actors) if len(actors) else "no actor named"
        items.append(
            el(
                "Li",
                el(
                    "A",
                    [
                        el("Span", str(label), className="list-date"),
                        el("Span", str(title), className="list-title-text"),
                        el("Span", names, className="list-actors"),
                        el("Span", f"{n} source{'s' if n != 1 else ''}", className="list-sources"),
                    ],
                    href=event_href(base, str(event_id)),
                    className="list-item is-selected" if is_selected else "list-item",
                    **{"data-event": str(event_id)},
                    **({"aria-current": "true"} if is_selected else {}),
                ),
            )
        )
    children: list = [el("Ol", items, className="list")]
    if total > MAX_LISTED:
        children.append(
            el(
                "P",
                f"Showing the first {MAX_LISTED} of {total}; narrow the filters to list the rest.",
                className="list-more",
            )
        )
    return children


def empty_list(message: str) -> list:
    return [html.P(message, className="empty")]
