"""The few names the report takes from the rest of timeline, imported in this one place.

``timeline.cli`` is imported only when :func:`load_or_exit` runs, so the main command group
may import :mod:`timeline.report.command` (or this module) at any point without a cycle."""

from __future__ import annotations

from pathlib import Path

from timeline.chromium import CHROMIUM, HEADLESS_ARGS
from timeline.dataset import Dataset
from timeline.dates import date_labels, parse_dates
from timeline.export import (
    CHROME_MISSING,
    ExportError,
    ImageSize,
    atomic_write,
    export_figure,
    guard_dataset,
    render_static,
)
from timeline.filters import Filters, apply_filters, filter_problems
from timeline.loader import load_dataset


def load_or_exit(folder: Path | None) -> Dataset:
    """The CLI's loader: the dataset, or every problem printed and exit 1."""
    from timeline.cli import load_or_exit as load

    return load(folder)


__all__ = [
    "CHROME_MISSING",
    "CHROMIUM",
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
    "guard_dataset",
    "load_dataset",
    "load_or_exit",
    "parse_dates",
    "render_static",
]
