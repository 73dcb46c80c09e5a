"""The zoom the user chose: a drag on the chart, or a preset ("Last 5 years"…) that ends
where the events the filters keep end (for a dataset read a view at a time, the engine says
where: ``last_end``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from dash import no_update

from timeline.model.dataset import Dataset
from timeline.query.view import PRESETS, ViewState, last_end_of, preset_ending, window_of_range
from timeline.web import ids

LastEnd = Callable[[ViewState], "np.datetime64 | None"]


def zoom_window(
    dataset: Dataset, state: ViewState, trigger: str, value: Any, *, last_end: LastEnd | None = None
) -> Any:
    """The window after the user zooms the chart (``{"range": [a, b] | None}``) or picks a
    preset ("all", "5y", …, ending at the latest event shown); no_update for anything else."""
    if trigger == ids.ZOOM:
        if not isinstance(value, dict) or "range" not in value:
            return no_update
        return None if value["range"] is None else (window_of_range(value["range"]) or no_update)
    if value == "all":
        return None
    if not isinstance(value, str) or value not in PRESETS:
        return no_update
    return preset_ending((last_end or _last_end(dataset))(state), value)


def _last_end(dataset: Dataset) -> LastEnd:
    return lambda state: last_end_of(dataset, state)


def preset_shown(
    state: ViewState, dataset: Dataset, *, last_end: LastEnd | None = None
) -> str | None:
    """The preset the toggle shows for a state: "all" without a zoom, the preset whose
    window it is, or none."""
    if state.window is None:
        return "all"
    last = (last_end or _last_end(dataset))(state)
    return next((k for k in PRESETS if preset_ending(last, k) == state.window), None)
