"""The page URL's query string <-> what the user is looking at.

Parameters (documented in the README): ``actor`` and ``theme`` (repeat for several),
``source`` (repeatable too), ``from`` and ``to`` (ISO dates at any precision), ``q``,
``group`` (``actor``/``theme``), ``axis`` (``compressed``/``linear``) and ``event`` (an
event id whose details open). Decoding never fails: unknown or malformed values are dropped
and described in human notices, so a mistyped link shows a view and says what it ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, cast
from urllib.parse import parse_qsl, quote, urlencode

from timeline.dataset import Dataset
from timeline.dates import DATE_FORMAT_HINT
from timeline.filters import MAX_QUERY_LENGTH, Filters, date_bound

Group = Literal["actor", "theme"]
Axis = Literal["compressed", "linear"]
GROUPS: tuple[Group, ...] = ("actor", "theme")
AXES: tuple[Axis, ...] = ("compressed", "linear")
DEFAULT_GROUP: Group = "actor"
DEFAULT_AXIS: Axis = "compressed"
PARAMETERS = ("actor", "theme", "source", "from", "to", "q", "group", "axis", "event")
MAX_SEARCH_LENGTH = 8_000  # longer query strings are not worth parsing


@dataclass(frozen=True)
class ViewState:
    """Everything the URL carries: the filters, the lanes, the axis and the open event."""

    filters: Filters = field(default_factory=Filters)
    group: Group = DEFAULT_GROUP
    axis: Axis = DEFAULT_AXIS
    event: str | None = None


def encode(state: ViewState) -> str:
    """The query string for a state ("?actor=A&actor=B…"), or "" for the default view.

    Defaults are left out so the plain page has a plain URL.
    """
    f = state.filters
    pairs: list[tuple[str, str]] = []
    pairs += [("actor", a) for a in f.actors]
    pairs += [("theme", t) for t in f.themes]
    pairs += [("source", s) for s in f.sources]
    if f.date_from:
        pairs.append(("from", f.date_from))
    if f.date_to:
        pairs.append(("to", f.date_to))
    if f.query.strip():
        pairs.append(("q", f.query.strip()))
    if state.group != DEFAULT_GROUP:
        pairs.append(("group", state.group))
    if state.axis != DEFAULT_AXIS:
        pairs.append(("axis", state.axis))
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

    date_from = _date("from", _single("from", params.get("from", []), notices), notices)
    date_to = _date("to", _single("to", params.get("to", []), notices), notices)
    if date_from and date_to:
        lo, hi = date_bound(date_from, end=False), date_bound(date_to, end=True)
        if lo is not None and hi is not None and hi <= lo:
            notices.append(f"Ignored 'to={date_to}': it is before 'from={date_from}'")
            date_to = None
    query = _single("q", params.get("q", []), notices) or ""
    if len(query) > MAX_QUERY_LENGTH:
        notices.append(f"Search text cut to {MAX_QUERY_LENGTH} characters")
        query = query[:MAX_QUERY_LENGTH].strip()

    group = _single("group", params.get("group", []), notices) or DEFAULT_GROUP
    if group not in GROUPS:
        notices.append(f"Ignored 'group={group}': expected one of {', '.join(GROUPS)}")
        group = DEFAULT_GROUP
    axis = _single("axis", params.get("axis", []), notices) or DEFAULT_AXIS
    if axis not in AXES:
        notices.append(f"Ignored 'axis={axis}': expected one of {', '.join(AXES)}")
        axis = DEFAULT_AXIS

    filters = Filters(
        actors=_dedupe(params.get("actor", [])),
        themes=_dedupe(params.get("theme", [])),
        sources=_dedupe(params.get("source", [])),
        date_from=date_from,
        date_to=date_to,
        query=query,
    )
    event = _single("event", params.get("event", []), notices)
    state = ViewState(filters, cast(Group, group), cast(Axis, axis), event)
    return state, notices


def _known(kind: str, chosen: tuple[str, ...], known: set[str], notices: list[str]) -> tuple:
    for name in chosen:
        if name not in known:
            notices.append(f"Ignored unknown {kind} '{name}'")
    return tuple(n for n in chosen if n in known)


def restrict(state: ViewState, dataset: Dataset) -> tuple[ViewState, list[str]]:
    """Drop actors, themes, sources and the event id that this dataset does not have."""
    notices: list[str] = []
    f = state.filters
    filters = replace(
        f,
        actors=_known("actor", f.actors, set(dataset.actors), notices),
        themes=_known("theme", f.themes, set(dataset.themes), notices),
        sources=_known("source", f.sources, set(dataset.sources["id"]), notices),
    )
    event = state.event
    if event is not None and not bool((dataset.events["id"] == event).any()):
        notices.append(f"Ignored unknown event '{event}'")
        event = None
    return replace(state, filters=filters, event=event), notices


def decode_for(search: str | None, dataset: Dataset) -> tuple[ViewState, list[str]]:
    """:func:`decode` then :func:`restrict`: the state a link shows on this dataset."""
    state, notices = decode(search)
    state, more = restrict(state, dataset)
    return state, notices + more
