"""Exports of the current view: PNG/SVG/PDF through Kaleido, standalone HTML, and CSV.

The app and the ``timeline export`` command build the same figure from the same filters, with
the filters written into the subtitle and the cited articles in a footer, so an exported chart
carries its own provenance. Files are written atomically: a failed export never leaves a
truncated file where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from timeline.dataset import Dataset, date_span
from timeline.figure import timeline_figure
from timeline.filters import Filters, apply_filters
from timeline.schema import SOURCES_DIR, TABLES

STATIC_FORMATS = ("png", "svg", "pdf")
FORMATS = (*STATIC_FORMATS, "html", "csv")
MIN_SIDE, MAX_SIDE = 200, 4000
MIN_SCALE, MAX_SCALE = 0.5, 4.0
MAX_PIXELS = 40_000_000
CHROME_MISSING = (
    "Static export (PNG, SVG, PDF) needs Chromium or Google Chrome on this machine: "
    "install Debian's chromium (apt-get install chromium), or set BROWSER_PATH to a Chrome "
    "executable; .html and .csv exports work without one."
)


class ExportError(Exception):
    """An export that cannot be made; the message says why in one sentence."""


@dataclass(frozen=True)
class ImageSize:
    """Layout size in CSS pixels and a scale factor; the PNG is width*scale × height*scale."""

    width: int = 1600
    height: int = 900
    scale: float = 2.0

    def problems(self) -> list[str]:
        """Why this size is refused (out of bounds), so no request renders a gigapixel image."""
        found = []
        for name, value in (("width", self.width), ("height", self.height)):
            if not MIN_SIDE <= value <= MAX_SIDE:
                found.append(f"{name} {value} is outside {MIN_SIDE}-{MAX_SIDE} pixels")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            found.append(f"scale {self.scale:g} is outside {MIN_SCALE:g}-{MAX_SCALE:g}")
        pixels = self.width * self.scale * self.height * self.scale
        if not found and pixels > MAX_PIXELS:
            found.append(
                f"{self.width}×{self.height} at scale {self.scale:g} is {pixels / 1e6:.0f} "
                f"megapixels; the limit is {MAX_PIXELS / 1e6:.0f}"
            )
        return found


# Sizes offered in the app: (label, ImageSize).
SIZE_PRESETS: dict[str, ImageSize] = {
    "slide": ImageSize(1600, 900, 2),
    "report": ImageSize(1200, 800, 2),
    "wide": ImageSize(2400, 1000, 2),
    "square": ImageSize(1200, 1200, 2),
}


def cited_sources(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """The articles quoted by the given events, in the dataset's source order."""
    used = dataset.excerpts.loc[dataset.excerpts["event"].isin(events.index), "source_id"]
    return dataset.sources[dataset.sources["id"].isin(used.unique())]


def sources_footer(dataset: Dataset, events: pd.DataFrame) -> str:
    """'Sources: Title (17 June 2024); …' for the articles the shown events rest on."""
    cited = cited_sources(dataset, events)
    if cited.empty:
        return "Sources: none quoted for the events shown"
    items = [
        f"{title} ({published})"
        for title, published in zip(cited["title"], cited["published_label"], strict=True)
    ]
    return "Sources: " + "; ".join(items)


def export_title(dataset: Dataset, events: pd.DataFrame) -> str:
    """The chart title: how many events, over which period."""
    total = len(dataset.events)
    if events.empty:
        return f"0 of {total} events"
    return f"{len(events)} of {total} events, {date_span(events)}"


def matching_events(dataset: Dataset, filters: Filters) -> pd.DataFrame:
    """The events an export shows; an export of nothing is refused, not written."""
    events = apply_filters(dataset, filters)
    if events.empty:
        raise ExportError(
            f"no events match the filters ({filters.describe(dataset)}); nothing written"
        )
    return events


def export_figure(
    dataset: Dataset,
    filters: Filters,
    *,
    group_by: Literal["actor", "theme"] = "actor",
    axis: Literal["compressed", "linear"] = "compressed",
    x_range: tuple[str, str] | None = None,
    events: pd.DataFrame | None = None,
) -> go.Figure:
    """The figure an export shows: the app's chart with filters and sources written on it.

    ``events`` are the already filtered rows, when the caller has them.
    """
    events = matching_events(dataset, filters) if events is None else events
    return timeline_figure(
        events,
        dataset=dataset,
        group_by=group_by,
        axis=axis,
        x_range=x_range,
        title=export_title(dataset, events),
        subtitle=f"Filters: {filters.describe(dataset)}",
        footer=sources_footer(dataset, events),
    )


def events_table(dataset: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """One row per excerpt of each event (one row for an event without excerpts), with the
    article's title and publication date: what a spreadsheet user needs to cite it. The quote
    is the article's own text at the located span, so its typography is the article's."""
    base = events.assign(
        actors=events["actors"].map("; ".join), themes=events["themes"].map("; ".join)
    )
    columns = [
        "id", "date", "end_date", "date_label", "title", "summary", "actors", "themes",
        "date_basis", "note", "n_sources",
    ]  # fmt: skip
    base = base[columns].rename(columns={"id": "event_id"})
    base["event"] = events.index
    quotes = dataset.excerpts[dataset.excerpts["event"].isin(events.index)]
    sources = dataset.sources[["id", "title", "published"]].rename(
        columns={"id": "source_id", "title": "source_title", "published": "source_published"}
    )
    verbatim = [
        dataset.articles[source].text[start:end]
        for source, start, end in zip(
            quotes["source_id"], quotes["quote_start"], quotes["quote_end"], strict=True
        )
    ]
    quotes = quotes[["event", "source_id"]].assign(quote=verbatim)
    quotes = quotes.merge(sources, on="source_id", how="left")
    table = base.merge(quotes, on="event", how="left").drop(columns="event")
    return table.fillna({"source_id": "", "quote": "", "source_title": "", "source_published": ""})


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def render_static(fig: go.Figure, fmt: str, size: ImageSize) -> bytes:
    """PNG/SVG/PDF bytes through Kaleido and a local Chromium; a clear error without one."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fig.to_image(format=fmt, width=size.width, height=size.height, scale=size.scale)
    except RuntimeError as exc:
        if "Chrome" in str(exc) or "chrome" in str(exc):
            raise ExportError(CHROME_MISSING) from None
        raise ExportError(f"the image could not be rendered: {exc}") from None


def output_format(path: Path) -> str:
    """The format named by the output file's extension."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ExportError(
            f"cannot tell the format of {path.name!r}: use one of "
            + ", ".join(f".{f}" for f in FORMATS)
        )
    return fmt


def guard_dataset(dataset: Dataset, path: Path) -> None:
    """Refuse to overwrite the dataset's own files: exports never touch the user's data."""
    target = path.resolve()
    root = dataset.root.resolve()
    protected = {root / spec.file for spec in TABLES}
    if target in protected or (root / SOURCES_DIR) in target.parents:
        raise ExportError(f"{path} is part of the dataset; choose another output file")


def export(
    dataset: Dataset,
    filters: Filters,
    out: Path,
    *,
    group_by: Literal["actor", "theme"] = "actor",
    axis: Literal["compressed", "linear"] = "compressed",
    size: ImageSize = ImageSize(),
    x_range: tuple[str, str] | None = None,
) -> int:
    """Write the filtered view to ``out`` in the format its extension names.

    Returns the number of events exported. Raises :class:`ExportError` (nothing written) when
    the request cannot be met.
    """
    fmt = output_format(out)
    guard_dataset(dataset, out)
    if fmt in STATIC_FORMATS and (problems := size.problems()):
        raise ExportError("; ".join(problems))
    events = matching_events(dataset, filters)
    if fmt == "csv":
        atomic_write(out, events_table(dataset, events).to_csv(index=False).encode("utf-8"))
        return len(events)
    fig = export_figure(
        dataset, filters, group_by=group_by, axis=axis, x_range=x_range, events=events
    )
    if fmt == "html":
        html = fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
        atomic_write(out, html.encode("utf-8"))
    else:
        fig.update_layout(width=size.width, height=size.height)
        atomic_write(out, render_static(fig, fmt, size))
    return len(events)
