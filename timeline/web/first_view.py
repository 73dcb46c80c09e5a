"""The page drawn whole on load: the layout already holds what the URL asks for.

Dash fetches the layout from ``/_dash-layout``, a request that knows nothing of the page's
address. ``assets/first_view.js`` passes it along: the page's query string, and the window's
width in a header (the figure's density cells and tick spacing depend on it). The layout
function then renders the view into the layout, and, when the query string is already the
view's canonical address, everything else the URL's callbacks would set on load: the address
itself, the controls, the details panel. Those callbacks do not run on load (the address does
not change when ``dcc.Location`` mounts, as it holds the page's own), so the page makes no
round trip and Plotly draws once.

Should the script not run, the layout has no address and ``dcc.Location`` sets it on mount,
which runs the callbacks as before. A link that is not canonical (parameters in another
order, an unknown one) runs them too, to rewrite the address; the view drawn into the layout
is stored with its key (:data:`ids.FIRST_VIEW`) so that the view callback's first call,
which would compute the same thing, answers ``no_update``. The key is the view's canonical
query string and the plot width, the two things ``render_view`` draws from.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import flask
from dash import dcc

from timeline.model.dataset import Dataset
from timeline.web import ids
from timeline.web.components.event_list import Listing
from timeline.web.components.page import plot_width
from timeline.web.urlstate import decode_for, encode

log = logging.getLogger(__name__)

WIDTH_HEADER = "X-Timeline-Viewport"  # set by assets/first_view.js: window.innerWidth

# (search, viewport) -> figure, count, list
Render = Callable[[str, int], tuple[Any, Any, Listing]]
# search -> {component id: {prop: value}} the URL's callbacks would set, or None
Settle = Callable[[str], dict[str, dict[str, Any]] | None]


def view_key(dataset: Dataset, search: str | None, viewport: Any) -> str:
    """What the view drawn for ``search`` at ``viewport`` depends on, as the stored key."""
    state, _ = decode_for(search, dataset)
    return json.dumps([encode(state), plot_width(viewport)])


def request_view() -> tuple[str, int] | None:
    """The page's query string and window width, when the layout request carries them."""
    if not flask.has_request_context():
        return None
    width = flask.request.headers.get(WIDTH_HEADER, "")
    if not (width.isascii() and width.isdigit() and len(width) <= 6):
        return None  # not sent by the page's script: leave the first draw to the callback
    query = flask.request.query_string.decode("utf-8", "replace")
    return (f"?{query}" if query else ""), int(width)


def with_first_view(
    layout: Any, data: Callable[[str], Dataset], render: Render, settle: Settle
) -> Any:
    """``layout`` with the requested view drawn into it, the store saying which view, and,
    for a canonical address, the rest of the page as the URL's callbacks would set it.
    ``data``: the dataset a URL is read against (:meth:`~timeline.web.views.Views.decoding`)."""
    requested = request_view()
    if requested is None:
        return _with_key(layout, None)
    search, viewport = requested
    try:
        figure, count, listing = render(search, viewport)
        key = view_key(data(search), search, viewport)
        settled = settle(search)
    except Exception:  # the page must load: the callbacks draw, or report, as before
        log.exception("The first view of %r was left to the callbacks", search)
        return _with_key(layout, None)
    layout[ids.GRAPH].figure = figure
    layout[ids.COUNT].children = count
    layout[ids.ROWS].data = listing.rows
    layout[ids.LIST_NOTE].children = listing.note
    layout[ids.VIEWPORT].data = viewport  # the callback's state, before the page measures it
    for component_id, props in (settled or {}).items():
        for prop, value in props.items():
            setattr(layout[component_id], prop, value)
    return _with_key(layout, key)


def _with_key(layout: Any, key: str | None) -> Any:
    layout.children = [*layout.children, dcc.Store(id=ids.FIRST_VIEW, data=key)]
    return layout


def already_drawn(
    data: Callable[[str | None], Dataset], first: Any, search: str | None, viewport: Any
) -> bool:
    """Whether the view callback's call would draw what the layout already holds (``data``:
    the dataset a URL is read against, :meth:`~timeline.web.views.Views.decoding`)."""
    return isinstance(first, str) and first == view_key(data(search), search, viewport)
