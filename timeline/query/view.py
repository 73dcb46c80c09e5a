"""What the user is looking at: filters plus the view's choices, in one typed object.

The page (through its URL), ``timeline export`` and ``timeline report`` all describe a view
with a :class:`ViewState`; the lists of choices below are the only place they are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from timeline.query.facets import Filters

Group = Literal["actor", "theme"]
Axis = Literal["compressed", "linear"]

# value -> label, in the order offered
GROUPS: dict[Group, str] = {"actor": "by actor", "theme": "by theme"}
AXES: dict[Axis, str] = {"compressed": "compressed", "linear": "linear"}
DEFAULT_GROUP: Group = "actor"
DEFAULT_AXIS: Axis = "compressed"
# zoom presets: value -> (label, numpy unit, how many of them, ending at the latest event)
PRESETS: dict[str, tuple[str, str, int]] = {
    "5y": ("Last 5 years", "Y", 5),
    "1y": ("Last year", "Y", 1),
    "3m": ("Last 3 months", "M", 3),
}


@dataclass(frozen=True)
class ViewState:
    """The filters, the lanes, the axis, the zoom window and the open event."""

    filters: Filters = field(default_factory=Filters)
    group: Group = DEFAULT_GROUP
    axis: Axis = DEFAULT_AXIS
    event: str | None = None
    window: tuple[str, str] | None = None  # ISO dates: the zoom, None for everything


def preset_window(events: pd.DataFrame, preset: str | None) -> tuple[str, str] | None:
    """The window of a zoom preset, ending just after the latest shown event (None: all)."""
    if not isinstance(preset, str) or preset not in PRESETS or events.empty:
        return None
    _, unit, n = PRESETS[preset]
    last = events["end"].to_numpy().max().astype("datetime64[D]") + 2
    first = (last.astype(f"datetime64[{unit}]") - n).astype("datetime64[D]")
    return str(first), str(last)


def is_day(value: str) -> bool:
    """A full ISO day, as zoom windows are written."""
    try:
        np.datetime64(value, "D")
    except ValueError:
        return False
    return len(value) == 10
