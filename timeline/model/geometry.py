"""Where each event sits in time, as float milliseconds: what the chart and the index read.

Milliseconds since 1970 on a Plotly ``date`` axis are exact for years 1–9999 (pandas'
nanosecond timestamps would overflow), and numpy sends them to the browser as binary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MS_PER_DAY = 86_400_000.0


def to_ms(values: np.ndarray | pd.Series) -> np.ndarray:
    """``datetime64`` values as float milliseconds since 1970 (what a Plotly date axis reads).

    Works for years 1–9999, where pandas' nanosecond timestamps would overflow.
    """
    array = np.asarray(values).astype("datetime64[ms]")
    out = array.astype("int64").astype("float64")
    out[np.isnat(array)] = np.nan
    return out


def ms_to_iso(ms: float) -> str:
    """An ISO date-time string for a millisecond value (for layout items: ranges, shapes)."""
    text = str(np.datetime64(round(ms), "ms"))
    return text.replace("T00:00:00.000", "")


def _period_end(start: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """End (exclusive) of the day, month or year that begins at ``start``."""
    day = start.astype("datetime64[D]") + 1
    month = (start.astype("datetime64[M]") + 1).astype("datetime64[D]")
    year = (start.astype("datetime64[Y]") + 1).astype("datetime64[D]")
    out = np.where(precision == "day", day, np.where(precision == "month", month, year))
    return out.astype("datetime64[us]")


@dataclass(frozen=True)
class Geometry:
    """Per-event numbers (aligned with the events frame) the traces are drawn from."""

    start: np.ndarray  # ms, start of the event's whole period
    end: np.ndarray  # ms, exclusive end of the whole period (span end or period end)
    anchor: np.ndarray  # ms, where the dot sits: middle of the start date's period
    first_end: np.ndarray  # ms, end of the start date's own period
    exact: np.ndarray  # bool, the start date is a day
    span: np.ndarray  # bool, the event has an end_date

    def take(self, index: np.ndarray) -> Geometry:
        """The geometry of the events at these positions."""
        return Geometry(
            self.start[index],
            self.end[index],
            self.anchor[index],
            self.first_end[index],
            self.exact[index],
            self.span[index],
        )


def geometry(events: pd.DataFrame) -> Geometry:
    """Where each event is drawn, from its period and precision; vectorised."""
    start_dt = events["start"].to_numpy()
    precision = events["precision"].astype("str").to_numpy()
    first_end_dt = _period_end(start_dt, precision)
    start, first_end = to_ms(start_dt), to_ms(first_end_dt)
    end = to_ms(events["end"].to_numpy())
    span = (events["end_date"].astype("str") != "").to_numpy()
    return Geometry(
        start=start,
        end=end,
        anchor=(start + first_end) / 2,
        first_end=first_end,
        exact=precision == "day",
        span=span,
    )


def end_anchor(events: pd.DataFrame) -> np.ndarray:
    """Middle of the end date's own period (a span's last day, month or year), in ms."""
    end = events["end"].to_numpy()
    precision = events["end_precision"].astype("str").to_numpy()
    day = end.astype("datetime64[D]") - 1
    month = (end.astype("datetime64[M]") - 1).astype("datetime64[D]")
    year = (end.astype("datetime64[Y]") - 1).astype("datetime64[D]")
    first = np.where(precision == "month", month, np.where(precision == "year", year, day))
    return (to_ms(first.astype("datetime64[us]")) + to_ms(end)) / 2


def precision_ranks(precision: np.ndarray) -> np.ndarray:
    """0 for a day, 1 for a month, 2 for a year (integer arrays are taken as ranks already)."""
    values = np.asarray(precision)
    if values.dtype.kind in "iu":
        return values
    values = values.astype("str")
    return np.where(values == "year", 2, np.where(values == "month", 1, 0))
