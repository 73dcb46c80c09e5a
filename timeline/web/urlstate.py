"""The page URL's query string <-> what the user is looking at (a :class:`ViewState`).

Parameters (documented in the README): one per facet field (``actor``, ``theme``,
``source`` repeatable; ``from``, ``to``, ``q``), then ``group``, ``axis``, ``window`` (the
zoom) and ``event`` (an event id whose details open). Decoding never fails: unknown or
malformed values are dropped and described in human notices, so a mistyped link shows a view
and says what it ignored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast
from urllib.parse import parse_qsl, quote, urlencode

from timeline.model.dataset import Dataset
from timeline.model.dates import DATE_FORMAT_HINT
from timeline.query.facets import (
    FACETS,
    FIELDS,
    MAX_QUERY_LENGTH,
    DateRangeFacet,
    Filters,
    date_bound,
)
from timeline.query.view import (
    AXES,
    DEFAULT_AXIS,
    DEFAULT_GROUP,
    GROUPS,
    Axis,
    Group,
    ViewState,
    format_window,
    parse_window,
)

__all__ = ["PARAMETERS", "ViewState", "decode", "decode_for", "encode", "restrict"]

PARAMETERS = (*(f.param for f in FIELDS), "group", "axis", "window", "event")
MAX_SEARCH_LENGTH = 8_000  # longer query strings are not worth parsing


def encode(state: ViewState) -> str:
    """The query string for a state ("?actor=A&actor=B…"), or "" for the default view.

    Defaults are left out so the plain page has a plain URL.
    """
    pairs: list[tuple[str, str]] = []
    for f in FIELDS:
        value = getattr(state.filters, f.attr)
        if f.kind == "names":
            pairs += [(f.param, v) for v in value]
        elif value and value.strip():
            pairs.append((f.param, value.strip()))
    if state.group != DEFAULT_GROUP:
        pairs.append(("group", state.group))
    if state.axis != DEFAULT_AXIS:
        pairs.append(("axis", state.axis))
    if state.window:
        pairs.append(("window", format_window(state.window)))
    if state.event:
        pairs.append(("event", state.event))
    return "?" + urlencode(pairs, quote_via=quote) if pairs else ""


def _dedupe(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _single(name: str, values: list[str], notices: list[str]) -> str | None:
    """The last non-empty value of a parameter that takes one; repeats are noted."""
    present = [v for v in values if v]
    if len(present) > 1:
        notices.append(f"'{name}' was given {len(present)} times; using the last one")
    return present[-1] if present else None


def _date(name: str, value: str | None, notices: list[str]) -> str | None:
    if value is None:
        return None
    if date_bound(value, end=False) is None:
        notices.append(f"Ignored '{name}={value}': not {DATE_FORMAT_HINT}")
        return None
    return value


def _filters(params: dict[str, list[str]], notices: list[str]) -> Filters:
    """Each facet field from its parameter, checked for syntax."""
    values: dict[str, object] = {}
    for f in FIELDS:
        given = params.get(f.param, [])
        if f.kind == "names":
            values[f.attr] = _dedupe(given)
        elif f.kind == "date":
            values[f.attr] = _date(f.param, _single(f.param, given, notices), notices)
        else:
            text = _single(f.param, given, notices) or ""
            if len(text) > MAX_QUERY_LENGTH:
                notices.append(f"Search text cut to {MAX_QUERY_LENGTH} characters")
                text = text[:MAX_QUERY_LENGTH].strip()
            values[f.attr] = text
    filters = Filters(**values)  # type: ignore[arg-type]
    if DateRangeFacet.order_problem(filters):
        notices.append(f"Ignored 'to={filters.date_to}': it is before 'from={filters.date_from}'")
        filters = replace(filters, date_to=None)
    return filters


def _choice(name: str, value: str | None, choices: dict, default: str, notices: list[str]) -> str:
    if value is None:
        return default
    if value not in choices:
        notices.append(f"Ignored '{name}={value}': expected one of {', '.join(choices)}")
        return default
    return value


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
        params.setdefault(key, []).append(value.strip())
    filters = _filters(params, notices)
    group = _single("group", params.get("group", []), notices)
    axis = _single("axis", params.get("axis", []), notices)
    event = _single("event", params.get("event", []), notices)
    window = None
    try:
        window = parse_window(_single("window", params.get("window", []), notices))
    except ValueError as exc:
        notices.append(f"Ignored the zoom: {exc}")
    state = ViewState(
        filters,
        cast(Group, _choice("group", group, GROUPS, DEFAULT_GROUP, notices)),
        cast(Axis, _choice("axis", axis, AXES, DEFAULT_AXIS, notices)),
        event,
        window,
    )
    return state, notices


def restrict(state: ViewState, dataset: Dataset) -> tuple[ViewState, list[str]]:
    """Drop the names (actors, themes, sources…) and the event id this dataset lacks."""
    notices: list[str] = []
    changes: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        for f in facet.fields:
            if f.kind != "names":
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
