"""What the user is looking at: filters plus the view's choices, in one typed object.

The page (through its URL), ``timeline export`` and ``timeline report`` all describe a view
with a :class:`ViewState`; the lists of choices below are the only place they are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from timeline.model.dataset import Dataset, date_span, span_label
from timeline.query.facets import FIELDS, Filters
from timeline.query.fields import Choice, Field, Kind, Span
from timeline.query.filters import filter_mask

Group = Literal["actor", "theme"]
Axis = Literal["compressed", "linear"]

# value -> label, in the order offered
GROUPS: dict[Group, str] = {"actor": "by actor", "theme": "by theme"}
AXES: dict[Axis, str] = {"compressed": "compressed", "linear": "linear"}
DEFAULT_GROUP: Group = "actor"
DEFAULT_AXIS: Axis = "compressed"
# zoom presets: value -> (label, how many months), each ending with the latest event shown
PRESETS: dict[str, tuple[str, int]] = {
    "5y": ("Last 5 years", 60),
    "1y": ("Last 12 months", 12),
    "3m": ("Last 3 months", 3),
    "1m": ("Last month", 1),
}


@dataclass(frozen=True)
class ViewState:
    """The filters, the lanes, the axis, the zoom window and the open event."""

    filters: Filters = field(default_factory=Filters)
    group: Group = DEFAULT_GROUP
    axis: Axis = DEFAULT_AXIS
    event: str | None = None
    window: tuple[str, str] | None = None  # ISO dates: the zoom, None for everything

    def matching(self, dataset: Dataset) -> np.ndarray:
        """Mask over ``dataset.events`` of the events the filters keep (the window aside)."""
        return filter_mask(dataset, self.filters)

    def in_view(self, dataset: Dataset, matching: np.ndarray | None = None) -> np.ndarray:
        """Mask of the events in view: kept by the filters, then overlapping the window
        (``matching``: the filters' mask, when the caller has it)."""
        kept = self.matching(dataset) if matching is None else matching
        return kept & window_mask(dataset.events, self.window)

    def select(self, dataset: Dataset) -> pd.DataFrame:
        """The events in view, in time order, their row positions as the index."""
        return dataset.events[self.in_view(dataset)]


def last_end_of(dataset: Dataset, view: ViewState) -> np.datetime64 | None:
    """The latest end (exclusive) of the events the view's filters keep; None for none."""
    ends = dataset.events["end"].to_numpy(dtype="datetime64[us]")[view.matching(dataset)]
    return ends.max() if ends.size else None


def preset_window(events: pd.DataFrame, preset: str | None) -> tuple[str, str] | None:
    """The window of a zoom preset: exactly its months, up to and including the day the
    latest shown event ends ("Last 12 months" of events ending 20 June 2024 is 21 June 2023
    to 20 June 2024); None for "all" or an unknown preset."""
    return preset_ending(events["end"].to_numpy().max() if len(events) else None, preset)


def preset_ending(last_end: np.datetime64 | None, preset: str | None) -> tuple[str, str] | None:
    """The window of a zoom preset for events whose latest end (exclusive) is ``last_end``
    (None: no events, no window)."""
    if not isinstance(preset, str) or preset not in PRESETS or last_end is None:
        return None
    _, months = PRESETS[preset]
    last = np.datetime64(last_end).astype("datetime64[D]")  # the day after the last
    return str(months_before(last, months)), str(last)


def months_before(day: np.datetime64, months: int) -> np.datetime64:
    """The same day of the month ``months`` earlier (the month's last day where it is
    shorter: 31 May less 3 months is 28 or 29 February)."""
    month = day.astype("datetime64[M]")
    dom = (day - month.astype("datetime64[D]")).astype("int64")
    target = month - months
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype("int64")
    return target.astype("datetime64[D]") + min(int(dom), int(length) - 1)


WINDOW_HINT = "two ISO days joined by '..', e.g. 2024-05-01..2024-06-22"


def parse_window(text: str | None) -> tuple[str, str] | None:
    """'2024-05-01..2024-06-22' as a window; None for ''; ValueError (saying what is
    expected) for anything else, or for an end that is not after the start."""
    if not text:
        return None
    lo, sep, hi = text.partition("..")
    try:
        if not sep or len(lo) != 10 or len(hi) != 10:
            raise ValueError
        a, b = np.datetime64(lo, "D"), np.datetime64(hi, "D")
    except ValueError:
        raise ValueError(f"not {WINDOW_HINT}") from None
    if b <= a:
        raise ValueError("it ends before it starts")
    return str(a), str(b)


def format_window(window: tuple[str, str] | None) -> str:
    return f"{window[0]}..{window[1]}" if window else ""


# The view's own inputs, after the facets' (FIELDS): fields like any other, so the URL, the
# page and the CLI read and write them the same way.
VIEW_FIELDS: tuple[Field, ...] = (
    Field(
        "group",
        "group",
        "--group-by",
        "Lanes",
        Choice(GROUPS, DEFAULT_GROUP),
        "One lane per actor or one per theme.",
    ),
    Field(
        "axis",
        "axis",
        "--axis",
        "Time axis",
        Choice(AXES, DEFAULT_AXIS),
        "Time axis: compressed (long empty stretches cut out) or linear (to scale).",
    ),
    Field(
        "window",
        "window",
        "--window",
        "Zoom",
        Span(parse_window, format_window),
        f"Only the stretch of time FROM..TO, as the app's zoom: {WINDOW_HINT}.",
    ),
    Field("event", "event", None, "Event", Kind(), "The event whose sources are open."),
)
ALL_FIELDS: tuple[Field, ...] = (*FIELDS, *VIEW_FIELDS)


def view_from(values: Mapping[str, Any]) -> ViewState:
    """A view from field values by attribute (an absent field is unset)."""
    filters = Filters(**{f.attr: values.get(f.attr, f.kind.empty()) for f in FIELDS})
    return ViewState(filters, **{f.attr: values.get(f.attr, f.kind.empty()) for f in VIEW_FIELDS})


def value_of(view: ViewState, f: Field) -> Any:
    """A field's value in a view."""
    return getattr(view.filters if f in FIELDS else view, f.attr)


def window_of_range(values: object) -> tuple[str, str] | None:
    """Whole days covering a chart's x range (Plotly reports date-times, even fractions of
    a millisecond); None when it is not a valid range."""
    bounds = window_bounds(values)
    if bounds is None:
        return None
    lo, hi = bounds
    first = lo.astype("datetime64[D]")
    last = hi.astype("datetime64[D]") + np.timedelta64(int(hi > hi.astype("datetime64[D]")), "D")
    if not np.datetime64("0001-01-01") <= first < last <= np.datetime64("9999-12-31"):
        return None
    return str(first), str(last)


def window_bounds(window: object) -> tuple[np.datetime64, np.datetime64] | None:
    """A window (ISO days, or the date-times Plotly reports) as two instants; None when
    absent, malformed or empty."""
    if not isinstance(window, list | tuple) or len(window) != 2:
        return None
    try:
        lo, hi = (np.datetime64(str(v).strip().replace(" ", "T"), "us") for v in window)
    except (TypeError, ValueError, OverflowError):
        return None
    if np.isnat(lo) or np.isnat(hi) or hi <= lo:
        return None
    return lo, hi


def window_mask(events: pd.DataFrame, window: object) -> np.ndarray:
    """Which events' whole period overlaps the window (all of them when there is none): the
    same rule as the date filter, so a span that began before the window is in view."""
    bounds = window_bounds(window)
    if bounds is None:
        return np.ones(len(events), dtype=bool)
    lo, hi = bounds
    return (events["start"].to_numpy() < hi) & (events["end"].to_numpy() > lo)


def window_label(window: object, events: pd.DataFrame | None = None) -> str:
    """'1 May – 21 June 2024' for a window (its end is exclusive: the last day shown is the
    one before), else the events' own span ('1961 – 20 June 2024')."""
    bounds = window_bounds(window)
    if bounds is None:
        return date_span(events) if events is not None else ""
    lo, hi = bounds
    first = lo.astype("datetime64[D]")
    last = hi.astype("datetime64[D]") - np.timedelta64(int(hi == hi.astype("datetime64[D]")), "D")
    return span_label(str(first), str(max(first, last)))
