"""The few names the report takes from the rest of timeline, imported in this one place.

``timeline.options`` is imported only when :func:`load_or_exit` runs, so the main command group
may import :mod:`timeline.report.command` (or this module) at any point without a cycle."""

from __future__ import annotations

from pathlib import Path

from timeline.export import (
    ExportError,
    ImageSize,
    atomic_write,
    export_figure,
    guard_dataset,
    render_static,
)
from timeline.export.browser import HEADLESS_ARGS
from timeline.export.browser import find_chromium as find_browser
from timeline.export.images import CHROME_MISSING
from timeline.load.loader import load_dataset
from timeline.model.dataset import Dataset
from timeline.model.dates import date_labels, parse_dates
from timeline.query.filters import Filters, apply_filters, filter_problems


def load_or_exit(folder: Path | None) -> Dataset:
    """The CLI's loader: the dataset, or every problem printed and exit 1."""
    from timeline.options import load_or_exit as load

    return load(folder)


__all__ = [
    "CHROME_MISSING",
    "HEADLESS_ARGS",
    "Dataset",
    "ExportError",
    "Filters",
    "ImageSize",
    "apply_filters",
    "atomic_write",
    "date_labels",
    "export_figure",
    "filter_problems",
    "find_browser",
    "guard_dataset",
    "load_dataset",
    "load_or_exit",
    "parse_dates",
    "render_static",
]
