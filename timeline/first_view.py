"""The chart drawn once on page load: the layout already holds the view the URL asks for.

Dash fetches the layout from ``/_dash-layout``, a request that knows nothing of the page's
address. ``assets/first_view.js`` passes it along: the page's query string, and the window's
width in a header (the figure's density cells depend on it). The layout function then
renders the view into the layout, and stores what it rendered for (:data:`FIRST_VIEW`), so
the view callback's first call, which would compute the same thing, answers ``no_update``
and Plotly draws once instead of twice. Should the script not run (or the window be resized
meanwhile), the stored key differs and the callback draws as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import flask
from dash import dcc

from timeline import ids

FIRST_VIEW = "first-view"  # dcc.Store: the key of the view rendered into the layout, or None
WIDTH_HEADER = "X-Timeline-Viewport"  # set by assets/first_view.js: window.innerWidth
DEFAULT_PRESET = "all"

Render = Callable[[str, str, Any], tuple[Any, Any, Any]]  # (search, preset, viewport) -> view


def view_key(search: str | None, preset: str | None, viewport: Any) -> str:
    """What a view depends on at page load, as the stored key."""
    return json.dumps([search or "", preset, viewport])


def request_view() -> tuple[str, int | None] | None:
    """The page's query string and window width, when the layout request carries them."""
    if not flask.has_request_context():
        return None
    width = flask.request.headers.get(WIDTH_HEADER, "")
    if not width.isdigit():
        return None  # not sent by the page's script: leave the first draw to the callback
    query = flask.request.query_string.decode("utf-8", "replace")
    return (f"?{query}" if query else ""), int(width)


def with_first_view(layout: Any, render: Render) -> Any:
    """``layout`` with the requested view drawn into it, and the store saying which view."""
    requested = request_view()
    key = None
    if requested is not None:
        search, viewport = requested
        preset = getattr(layout[ids.PRESETS], "value", DEFAULT_PRESET)
        figure, count, items = render(search, preset, viewport)
        layout[ids.GRAPH].figure = figure
        layout[ids.COUNT].children = count
        layout[ids.EVENT_LIST].children = items
        key = view_key(search, preset, viewport)
    layout.children = [*layout.children, dcc.Store(id=FIRST_VIEW, data=key)]
    return layout


def already_drawn(first: str | None, search: str | None, preset: str | None, viewport: Any) -> bool:
    """Whether the view callback's first call would draw what the layout already holds."""
    return first is not None and first == view_key(search, preset, viewport)
