"""A click on the chart, back to the event it was on: marks and labels carry the event's
row (in the whole dataset, for a slice of a larger one), so that a click answered after the
page has moved on still names the event that was clicked."""

from __future__ import annotations

import numpy as np

from timeline.model.dataset import Dataset


def clicked_row(click: dict | None) -> int | None:
    """The row behind a chart click (a mark's customdata), or None for anything else."""
    try:
        return int(click["points"][0]["customdata"])  # type: ignore[index]
    except (TypeError, KeyError, IndexError, ValueError, OverflowError):
        return None


def event_from_click(dataset: Dataset, click: dict | None) -> str | None:
    """The event id behind a chart click (customdata is the event's row position: in the
    whole dataset, for a slice of one, as :func:`to_whole_rows` writes it)."""
    row = clicked_row(click)
    if row is None:
        return None
    position = row
    if dataset.whole is not None:
        found = np.flatnonzero(dataset.whole.rows == row)
        position = int(found[0]) if found.size else -1
    if 0 <= position < len(dataset.events):
        return str(dataset.events["id"].iloc[position])
    return None


def to_whole_rows(parts: dict, rows: np.ndarray) -> None:
    """A slice's figure with each mark's and label's row as the whole dataset's (``rows``:
    each of the slice's events' row in it), so that a click names the event it was on,
    whatever the page shows by the time it is answered."""
    for trace in parts["data"]:
        data = trace.get("customdata")
        if isinstance(data, list):  # event rows (density cells carry counts, as arrays)
            trace["customdata"] = rows[np.asarray(data, dtype="int64")].tolist()
    for note in parts["layout"].get("annotations", []):
        kind, _, row = str(note.get("name", "")).partition(":")
        if kind == "event-label" and row.isdigit():
            note["name"] = f"event-label:{int(rows[int(row)])}"
