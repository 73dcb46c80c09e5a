"""The page's filter and view controls <-> a :class:`ViewState`, generic over the facets.

Dash hands control values over positionally; :data:`CONTROLS` fixes that order once (one
control per facet field, then the lane grouping and the axis), so no caller slices lists.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import no_update

from timeline.query.facets import MAX_QUERY_LENGTH, without_inverted_dates
from timeline.query.fields import in_box, read
from timeline.query.view import ALL_FIELDS, ViewState, value_of, view_from
from timeline.web import ids, inputs

# The fields with a control of their own (the zoom window is set by the chart, the open event
# by a click), in the order Dash hands their values over.
CONTROL_FIELDS = tuple(f for f in ALL_FIELDS if f.kind.component)
CONTROLS: tuple[tuple[str, str], ...] = tuple((ids.control(f.attr), f.attr) for f in CONTROL_FIELDS)
CONTROL_IDS: tuple[str, ...] = tuple(cid for cid, _ in CONTROLS)


class Controls:
    """Control values by the attribute they hold (a Filters attribute, ``group``, ``axis``)."""

    def __init__(self, **values: Any) -> None:
        self.values = values

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def as_tuple(self) -> tuple:
        return tuple(self.values.get(key) for _, key in CONTROLS)


def decode_controls(values: tuple | list) -> Controls:
    """Controls from a request's values (in CONTROLS order); wrong types count as unset."""
    return Controls(
        **{f.attr: f.kind.from_request(v) for f, v in zip(CONTROL_FIELDS, values, strict=False)}
    )


def controls_for(state: ViewState) -> Controls:
    """Control values showing a state."""
    return Controls(**{f.attr: f.kind.control_value(value_of(state, f)) for f in CONTROL_FIELDS})


def state_from_controls(controls: Controls, event: str | None) -> tuple[ViewState, list[str]]:
    """The state the controls describe; a malformed typed value is left out (or cut), and
    said in a notice."""
    notices: list[str] = []
    values = {
        f.attr: read(f, f.kind.control_texts(controls.get(f.attr)), notices, say=in_box)
        for f in CONTROL_FIELDS
    }
    state = view_from({**values, "event": event})
    filters, notice = without_inverted_dates(state.filters)
    if notice:
        notices.append(notice)
    return replace(state, filters=filters), notices


def changed(old: Controls, new: Controls) -> tuple:
    """New control values, with no_update where a control already shows the value."""

    def same(a: Any, b: Any) -> bool:
        return (a or None) == (b or None)

    return tuple(
        no_update if same(a, b) else b for a, b in zip(old.as_tuple(), new.as_tuple(), strict=True)
    )


MAX_OPTIONS = 50  # a names control lists at most this many choices; the rest are found by typing


def offered(choices: list[dict[str, str]], search: str | None, selected: Any) -> list[dict]:
    """The options a names control offers: all of them when there are few; else the chosen
    ones, then those whose label or value holds the typed text (ignoring case), up to
    :data:`MAX_OPTIONS`. A dropdown indexes every option it is given before it is first
    drawn, which took a quarter of a second for a thousand sources; nobody scrolls that far.
    """
    if len(choices) <= MAX_OPTIONS:
        return choices
    chosen = set(inputs.names(selected) or ())
    needle = (search if isinstance(search, str) else "")[:MAX_QUERY_LENGTH].strip().casefold()
    picked = [c for c in choices if c["value"] in chosen]
    for choice in choices:
        if len(picked) >= MAX_OPTIONS + len(chosen):
            break
        if choice["value"] in chosen:
            continue
        if (
            not needle
            or needle in choice["label"].casefold()
            or needle in choice["value"].casefold()
        ):
            picked.append(choice)
    return picked
