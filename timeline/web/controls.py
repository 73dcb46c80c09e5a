"""The page's filter and view controls <-> a :class:`ViewState`, generic over the facets.

Dash hands control values over positionally; :data:`CONTROLS` fixes that order once (one
control per facet field, then the lane grouping and the axis), so no caller slices lists.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import no_update

from timeline.query.facets import FIELDS, MAX_QUERY_LENGTH, DateRangeFacet, Filters, date_bound
from timeline.query.view import AXES, DEFAULT_AXIS, DEFAULT_GROUP, GROUPS, ViewState
from timeline.web import ids, inputs

# (component id, what it holds): facet fields by their Filters attribute, then view choices
CONTROLS: tuple[tuple[str, str], ...] = (
    *((ids.control(f.attr), f.attr) for f in FIELDS),
    (ids.GROUP, "group"),
    (ids.AXIS, "axis"),
)
CONTROL_IDS: tuple[str, ...] = tuple(cid for cid, _ in CONTROLS)
_KINDS = {f.attr: f.kind for f in FIELDS}


class Controls:
    """Control values by what they hold (a Filters attribute, ``group`` or ``axis``)."""

    def __init__(self, **values: Any) -> None:
        self.values = values

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def as_tuple(self) -> tuple:
        return tuple(self.values.get(key) for _, key in CONTROLS)


def decode_controls(values: tuple | list) -> Controls:
    """Controls from a request's values (in CONTROLS order); wrong types count as unset."""
    decoded: dict[str, Any] = {}
    for (_, key), value in zip(CONTROLS, values, strict=False):
        decoded[key] = inputs.names(value) if _KINDS.get(key) == "names" else inputs.text(value)
    return Controls(**decoded)


def controls_for(state: ViewState) -> Controls:
    """Control values showing a state."""
    values: dict[str, Any] = {}
    for f in FIELDS:
        value = getattr(state.filters, f.attr)
        values[f.attr] = list(value) if f.kind == "names" else (value or "")
    values["group"], values["axis"] = state.group, state.axis
    return Controls(**values)


def state_from_controls(controls: Controls, event: str | None) -> tuple[ViewState, list[str]]:
    """The state the controls describe; a malformed typed date is left out, with a notice."""
    notices: list[str] = []
    values: dict[str, Any] = {}
    for f in FIELDS:
        raw = controls.get(f.attr)
        if f.kind == "names":
            values[f.attr] = tuple(raw or ())
        elif f.kind == "date":
            text = (raw or "").strip()
            if text and date_bound(text, end=False) is None:
                notices.append(
                    f"{f.label} date '{text}' is not a date like 2023, 2023-09 or 2023-09-13"
                )
                text = ""
            values[f.attr] = text or None
        else:
            values[f.attr] = (raw or "").strip()[:MAX_QUERY_LENGTH]
    filters = Filters(**values)
    if problem := DateRangeFacet.order_problem(filters):
        notices.append(f"The {problem}; the to date is ignored")
        filters = replace(filters, date_to=None)
    group = controls.get("group")
    axis = controls.get("axis")
    state = ViewState(
        filters,
        group if group in GROUPS else DEFAULT_GROUP,
        axis if axis in AXES else DEFAULT_AXIS,
        event,
    )
    return state, notices


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
