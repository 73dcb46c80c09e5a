"""Citable chronologies of a filtered dataset: ``timeline report`` to HTML, Word, Markdown, PDF."""

from __future__ import annotations

from typing import Any

__all__ = ["REPORT_FORMATS", "build_report", "report_format", "write_report"]


def __getattr__(name: str) -> Any:
    """Import the builders on first use, so loading the CLI stays quick."""
    if name == "REPORT_FORMATS":
        from timeline.report.formats import REPORT_FORMATS

        return REPORT_FORMATS
    if name in __all__:
        from timeline.report import build

        return getattr(build, name)
    raise AttributeError(f"module 'timeline.report' has no attribute {name!r}")
