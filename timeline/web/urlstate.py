"""The page URL's query string <-> what the user is looking at (a :class:`ViewState`).

Parameters (documented in the README): one per facet field (``actor``, ``theme``,
``source`` repeatable; ``from``, ``to``, ``q``), then ``group``, ``axis``, ``window`` (the
zoom) and ``event`` (an event id whose details open). Decoding never fails: unknown or
malformed values are dropped and described in human notices, so a mistyped link shows a view
and says what it ignored.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qsl, quote, urlencode

from timeline.model.dataset import Dataset
from timeline.query.facets import FACETS, without_inverted_dates
from timeline.query.fields import read
from timeline.query.view import ALL_FIELDS, ViewState, value_of, view_from

__all__ = ["PARAMETERS", "ViewState", "decode", "decode_for", "encode", "restrict"]

PARAMETERS = tuple(f.param for f in ALL_FIELDS)
MAX_SEARCH_LENGTH = 8_000  # longer query strings are not worth parsing


def encode(state: ViewState) -> str:
    """The query string for a state ("?actor=A&actor=B…"), or "" for the default view.

    Defaults are left out so the plain page has a plain URL.
    """
    pairs = [(f.param, text) for f in ALL_FIELDS for text in f.kind.texts(value_of(state, f))]
    return "?" + urlencode(pairs, quote_via=quote) if pairs else ""


def decode(search: str | None) -> tuple[ViewState, list[str]]:
    """Parse a query string (with or without the leading '?') into a state and notices.

    Only syntax is checked here; :func:`restrict` checks names against a dataset.
    """
    notices: list[str] = []
    text = search.removeprefix("?") if isinstance(search, str) else ""
    if len(text) > MAX_SEARCH_LENGTH:
        return ViewState(), [f"Ignored the link's parameters: longer than {MAX_SEARCH_LENGTH}"]
    params: dict[str, list[str]] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        if key not in PARAMETERS:
            notices.append(f"Ignored unknown parameter '{key}'")
            continue
        params.setdefault(key, []).append(value)
    state = view_from({f.attr: read(f, params.get(f.param, []), notices) for f in ALL_FIELDS})
    filters, notice = without_inverted_dates(state.filters)
    if notice:
        notices.append(notice)
    state = replace(state, filters=filters)
    return state, notices


def restrict(state: ViewState, dataset: Dataset) -> tuple[ViewState, list[str]]:
    """Drop the names (actors, themes, sources…) and the event id this dataset lacks."""
    notices: list[str] = []
    changes: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        for f in facet.fields:
            if not f.kind.multiple:  # only names are checked against a dataset
                continue
            known = set(facet.known(dataset))
            chosen = getattr(state.filters, f.attr)
            notices += [f"Ignored unknown {f.param} '{n}'" for n in chosen if n not in known]
            changes[f.attr] = tuple(n for n in chosen if n in known)
    event = state.event
    if event is not None and dataset.row_of(event) is None:
        notices.append(f"Ignored unknown event '{event}'")
        event = None
    return replace(state, filters=replace(state.filters, **changes), event=event), notices


def decode_for(search: str | None, dataset: Dataset) -> tuple[ViewState, list[str]]:
    """:func:`decode` then :func:`restrict`: the state a link shows on this dataset."""
    state, notices = decode(search)
    state, more = restrict(state, dataset)
    return state, notices + more
