"""Decoding the values a browser hands to a callback.

The page sends known shapes (lists of names, ISO strings, ``{"range": [a, b]}``), but a crafted
request can send anything JSON holds. These turn anything unexpected into "absent", so a
callback shows a normal view instead of failing on a type it never meant to take.
"""

from __future__ import annotations

from typing import Any

import numpy as np

MAX_RANGE_TEXT = 40  # "2024-06-19 12:34:56.789" and friends are far shorter
_FIRST_YEAR = np.datetime64("0001-01-01", "ms")
_LAST_YEAR = np.datetime64("9999-12-31", "ms")


def text(value: Any) -> str | None:
    """A string value, or None for anything else."""
    return value if isinstance(value, str) else None


def names(value: Any) -> list[str] | None:
    """A multi-select's value: the strings of a list (None if it is not a list)."""
    if not isinstance(value, list):
        return None
    return [item for item in value if isinstance(item, str)]


def x_range(value: Any) -> tuple[str, str] | None:
    """The ``range`` of a zoom or export request, if it is two ascending ISO dates/times.

    Plotly reports date-axis ranges as strings like ``2000-06-30 06:00:00.000``; anything else
    (wrong length or types, unparseable, out of years 1-9999, empty or reversed) is None.
    """
    bounds = value.get("range") if isinstance(value, dict) else None
    if not isinstance(bounds, list | tuple) or len(bounds) != 2:
        return None
    if not all(isinstance(b, str) and 0 < len(b) <= MAX_RANGE_TEXT for b in bounds):
        return None
    try:
        lo, hi = np.array(bounds, dtype="datetime64[ms]")
    except (ValueError, OverflowError):
        return None
    if np.isnat(lo) or np.isnat(hi) or not _FIRST_YEAR <= lo < hi <= _LAST_YEAR:
        return None
    return str(bounds[0]), str(bounds[1])
