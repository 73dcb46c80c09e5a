"""The few names the report takes from the rest of timeline, imported in this one place."""

from __future__ import annotations

from timeline.export import (
    SIZE_PRESETS,
    ExportError,
    ImageSize,
    atomic_write,
    chart_title,
    export_figure,
    guard_dataset,
    render_static,
)
from timeline.export.browser import find_chromium as find_browser
from timeline.export.browser import kaleido_options, offline_args
from timeline.export.images import CHROME_MISSING, drawn_size
from timeline.export.warm import KALEIDO, BrowserBusy, BrowserDidNotStart
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset, counted
from timeline.model.dates import date_labels, parse_dates
from timeline.model.metadata import Voice, voice_of
from timeline.model.schema import inferred_note
from timeline.query.filters import Filters, apply_filters, filter_problems
from timeline.query.view import ViewState, window_bounds, window_label, window_mask

__all__ = [
    "CHROME_MISSING",
    "KALEIDO",
    "SIZE_PRESETS",
    "BrowserBusy",
    "BrowserDidNotStart",
    "Dataset",
    "ExportError",
    "Filters",
    "ImageSize",
    "ViewState",
    "Voice",
    "apply_filters",
    "atomic_write",
    "chart_title",
    "counted",
    "date_labels",
    "drawn_size",
    "export_figure",
    "filter_problems",
    "find_browser",
    "guard_dataset",
    "inferred_note",
    "kaleido_options",
    "load_dataset",
    "offline_args",
    "parse_dates",
    "render_static",
    "voice_of",
    "window_bounds",
    "window_label",
    "window_mask",
]
